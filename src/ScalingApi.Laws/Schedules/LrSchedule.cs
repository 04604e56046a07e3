namespace ScalingApi.Laws.Schedules;

public enum LrScheduleKind { Constant, Linear, Cosine, Exponential, Wsd, Explicit }

/// <summary>
/// The learning rate a run trained with, step by step (steps are 1-based: step t is the t-th update).
/// Every kind but <see cref="LrScheduleKind.Explicit"/> warms up linearly, η_t = peak · t / warmupSteps for
/// t ≤ warmupSteps (as the trainer does), then, with progress p = (t − W)/(T − W) over the decay phase:
/// constant η = peak; linear η = peak + (final − peak)·p; cosine η = final + (peak − final)(1 + cos πp)/2;
/// exponential η = peak·(final/peak)^p; wsd (warmup-stable-decay) holds peak, then decays linearly to final
/// over the last <see cref="DecaySteps"/> steps. Beyond totalSteps the rate stays at final (peak for
/// constant). An explicit list gives η_1…η_n and holds its last value beyond n.
/// </summary>
public sealed record LrSchedule(LrScheduleKind Kind, double Peak, int WarmupSteps, int TotalSteps, double Final)
{
    /// <summary>wsd only: length of the final decay; null = a fifth of the steps after warm-up.</summary>
    public int? DecaySteps { get; init; }

    /// <summary>explicit only: η of steps 1…n.</summary>
    public IReadOnlyList<double>? Rates { get; init; }

    public static LrSchedule FromRates(IReadOnlyList<double> rates) =>
        new(LrScheduleKind.Explicit, rates.Max(), 0, rates.Count, rates[^1]) { Rates = rates };

    /// <summary>The wsd decay length in effect.</summary>
    public int EffectiveDecaySteps => DecaySteps ?? Math.Max(1, (TotalSteps - WarmupSteps) / 5);

    public double At(int step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), "steps are 1-based");
        if (Kind == LrScheduleKind.Explicit) return Rates![Math.Min(step, Rates.Count) - 1];
        if (step <= WarmupSteps) return Peak * step / WarmupSteps;
        if (Kind == LrScheduleKind.Constant) return Peak;
        if (step >= TotalSteps) return Final;
        var decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = (double)(step - WarmupSteps) / decaySteps;
        return Kind switch
        {
            LrScheduleKind.Linear => Peak + (Final - Peak) * progress,
            LrScheduleKind.Cosine => Final + (Peak - Final) * (1 + Math.Cos(Math.PI * progress)) / 2,
            LrScheduleKind.Exponential => Peak * Math.Pow(Final / Peak, progress),
            LrScheduleKind.Wsd => WsdAt(step),
            _ => throw new InvalidOperationException($"unknown schedule kind {Kind}"),
        };
    }

    private double WsdAt(int step)
    {
        var decay = Math.Min(EffectiveDecaySteps, TotalSteps - WarmupSteps);
        var decayStart = TotalSteps - decay;
        return step <= decayStart ? Peak : Peak + (Final - Peak) * (step - decayStart) / decay;
    }

    /// <summary>η_1 … η_steps.</summary>
    public double[] RatesUpTo(int steps)
    {
        var rates = new double[Math.Max(0, steps)];
        for (var t = 1; t <= rates.Length; t++) rates[t - 1] = At(t);
        return rates;
    }

    /// <summary>
    /// The same shape over <paramref name="totalSteps"/> steps: warm-up and wsd decay scaled in proportion,
    /// peak and final kept (a constant rate keeps its warm-up); an explicit list resampled (step t reads the rate at ⌈t·n/T⌉). How a prediction
    /// at a longer budget gets a schedule when it names none.
    /// </summary>
    public LrSchedule StretchedTo(int totalSteps)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), "must be at least 1");
        if (Kind == LrScheduleKind.Constant) return this with { TotalSteps = totalSteps }; // nothing to stretch but the length
        var factor = (double)totalSteps / TotalSteps;
        if (Kind == LrScheduleKind.Explicit)
            return FromRates(Enumerable.Range(1, totalSteps).Select(t => Rates![Math.Clamp((int)Math.Ceiling(t / factor), 1, Rates.Count) - 1]).ToArray());
        return this with
        {
            WarmupSteps = (int)Math.Round(WarmupSteps * factor),
            TotalSteps = totalSteps,
            DecaySteps = DecaySteps is { } d ? Math.Max(1, (int)Math.Round(d * factor)) : null,
        };
    }
}
