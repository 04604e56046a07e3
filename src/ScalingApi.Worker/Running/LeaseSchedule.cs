using ScalingApi.Contracts;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Worker.Running;

/// <summary>
/// The learning-rate schedule a lease carries — the one the service validated and recorded on the run — as the
/// trainer's type, so the run trains with exactly what it says it trained with.
/// </summary>
public static class LeaseSchedule
{
    /// <returns>Null when the lease carries none: the trainer's default schedule.</returns>
    /// <exception cref="ArgumentException">A schedule the worker cannot read (the lease is wrong, so retrying cannot help).</exception>
    public static LrSchedule? From(LearningRateScheduleSpec? spec, int steps)
    {
        if (spec is null) return null;
        if (spec.Rates is { Count: > 0 } rates) return LrSchedule.FromRates(rates.ToArray());
        // kind names are the enum's names in lower case; a number would parse as an enum value, so letters only
        if (spec.Kind is not { Length: > 0 } name || !name.All(char.IsLetter) || !Enum.TryParse<LrScheduleKind>(name, ignoreCase: true, out var kind)
            || kind == LrScheduleKind.Explicit || spec.Peak is not { } peak)
            throw new ArgumentException($"the lease's learning-rate schedule (kind '{spec.Kind}') has no rates and no known shape with a peak", nameof(spec));
        return new LrSchedule(kind, peak, spec.WarmupSteps ?? 0, spec.TotalSteps ?? steps, spec.Final ?? peak) { DecaySteps = spec.DecaySteps };
    }
}
