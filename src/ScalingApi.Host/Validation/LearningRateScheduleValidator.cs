using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Host.Validation;

/// <summary>Checks a declared learning-rate schedule and turns it into the numerics' <see cref="LrSchedule"/>.</summary>
public static class LearningRateScheduleValidator
{
    /// <summary>Rates of an explicit list; more is a request to split, not a schedule.</summary>
    public const int MaxRates = 1_000_000;

    private static readonly Dictionary<string, LrScheduleKind> Kinds = new(StringComparer.Ordinal)
    {
        ["constant"] = LrScheduleKind.Constant, ["linear"] = LrScheduleKind.Linear, ["cosine"] = LrScheduleKind.Cosine,
        ["exponential"] = LrScheduleKind.Exponential, ["wsd"] = LrScheduleKind.Wsd, ["explicit"] = LrScheduleKind.Explicit,
    };

    /// <returns>The schedule, or null when absent or invalid (then <paramref name="errors"/> says why, each rule naming its field).</returns>
    public static LrSchedule? Validate(LearningRateScheduleSpec? spec, string field, List<FieldError> errors)
    {
        if (spec is null) return null;
        var before = errors.Count;
        if (IsExplicit(spec)) return Explicit(spec, field, errors);
        if (!Kinds.TryGetValue(spec.Kind!, out var kind))
        {
            errors.Add(new(field + ".kind", $"must be one of {string.Join(", ", Kinds.Keys)}"));
            return null;
        }
        if (spec.Peak is null) errors.Add(new(field + ".peak", "is required"));
        FieldRules.PositiveFinite(spec.Peak, field + ".peak", errors);
        if (spec.WarmupSteps is < 0) errors.Add(new(field + ".warmupSteps", "must be ≥ 0"));
        if (kind != LrScheduleKind.Constant && spec.TotalSteps is null) errors.Add(new(field + ".totalSteps", $"is required for kind '{spec.Kind}'"));
        if (spec.TotalSteps is < 1) errors.Add(new(field + ".totalSteps", "must be ≥ 1"));
        if (spec.TotalSteps is { } t && spec.WarmupSteps is { } w && w >= t && kind != LrScheduleKind.Constant)
            errors.Add(new(field + ".warmupSteps", "must be less than totalSteps"));
        if (kind != LrScheduleKind.Constant && spec.Final is null) errors.Add(new(field + ".final", $"is required for kind '{spec.Kind}'"));
        if (spec.Final is { } f)
        {
            if (!double.IsFinite(f) || f < 0) errors.Add(new(field + ".final", "must be a finite number ≥ 0"));
            else if (spec.Peak is { } p && f > p) errors.Add(new(field + ".final", "must not exceed peak (a schedule decays)"));
            else if (kind == LrScheduleKind.Exponential && f == 0) errors.Add(new(field + ".final", "must be > 0 for an exponential decay"));
        }
        if (spec.DecaySteps is not null && kind != LrScheduleKind.Wsd) errors.Add(new(field + ".decaySteps", "applies to kind 'wsd' only"));
        if (spec.DecaySteps is < 1) errors.Add(new(field + ".decaySteps", "must be ≥ 1"));
        if (spec.DecaySteps is { } d && spec.TotalSteps is { } total && d > total - (spec.WarmupSteps ?? 0))
            errors.Add(new(field + ".decaySteps", "must fit after the warm-up (≤ totalSteps − warmupSteps)"));
        if (errors.Count > before) return null;
        var totalSteps = spec.TotalSteps ?? Math.Max(1, spec.WarmupSteps ?? 0);
        return new LrSchedule(kind, spec.Peak!.Value, spec.WarmupSteps ?? 0, totalSteps, spec.Final ?? spec.Peak!.Value) { DecaySteps = spec.DecaySteps };
    }

    /// <summary>A list of rates rather than a shape (rates given, or kind omitted or <c>explicit</c>).</summary>
    public static bool IsExplicit(LearningRateScheduleSpec spec) => spec.Rates is not null || spec.Kind is null or "explicit";

    /// <summary>The schedule of a spec its request validator has accepted (null for none).</summary>
    /// <exception cref="InvalidInputException">the spec breaks a rule after all (a caller that skipped the validator).</exception>
    public static LrSchedule? Parse(LearningRateScheduleSpec? spec, string field = "learningRateSchedule")
    {
        var errors = new List<FieldError>();
        return Validate(spec, field, errors) ?? (errors.Count == 0 ? null : throw new InvalidInputException(errors));
    }

    private static LrSchedule? Explicit(LearningRateScheduleSpec spec, string field, List<FieldError> errors)
    {
        if (spec.Rates is null || spec.Rates.Count == 0)
        {
            errors.Add(new(field + ".rates", spec.Kind is null ? "is required when kind is omitted (or give kind)" : "is required for kind 'explicit': the rate of every step"));
            return null;
        }
        if (spec.Kind is not (null or "explicit")) { errors.Add(new(field + ".rates", "is only allowed with kind 'explicit' (or no kind)")); return null; }
        if (spec.Rates.Count > MaxRates) { errors.Add(new(field + ".rates", $"must list at most {MaxRates} rates")); return null; }
        (bool Given, string Name)[] shapeFields =
            [(spec.Peak is not null, "peak"), (spec.Final is not null, "final"), (spec.WarmupSteps is not null, "warmupSteps"),
             (spec.TotalSteps is not null, "totalSteps"), (spec.DecaySteps is not null, "decaySteps")];
        foreach (var (_, name) in shapeFields.Where(f => f.Given))
            errors.Add(new(field + "." + name, "is not allowed with an explicit list of rates"));
        var bad = spec.Rates.Select((r, i) => (r, i)).FirstOrDefault(x => !double.IsFinite(x.r) || x.r < 0, (0, -1));
        if (bad.Item2 >= 0) errors.Add(new($"{field}.rates[{bad.Item2}]", "must be a finite number ≥ 0"));
        else if (spec.Rates.All(r => r == 0)) errors.Add(new(field + ".rates", "must contain a positive rate"));
        return errors.Count > 0 ? null : LrSchedule.FromRates(spec.Rates.ToArray());
    }

    /// <summary>The contract form of a schedule (what a run lists back).</summary>
    public static LearningRateScheduleSpec ToSpec(LrSchedule schedule) => schedule.Kind == LrScheduleKind.Explicit
        ? new LearningRateScheduleSpec(Kind: "explicit", Rates: schedule.Rates)
        : new LearningRateScheduleSpec(Kinds.First(k => k.Value == schedule.Kind).Key, schedule.Peak, schedule.WarmupSteps, schedule.TotalSteps,
            schedule.Final, schedule.DecaySteps);
}
