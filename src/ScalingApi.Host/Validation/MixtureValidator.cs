using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>
/// A domain → proportion map in two halves: <see cref="Values"/> (the request's own rules, for a request validator) and
/// <see cref="InDomainOrder"/> (the names against an experiment's domains, for the service that loaded them).
/// </summary>
public static class MixtureValidator
{
    public const double SumTolerance = 1e-4;

    /// <summary>Present, every proportion finite and ≥ 0 (&gt; 0 when <paramref name="strictlyPositive"/>), summing to 1.</summary>
    /// <param name="strictlyPositive">Predictions need r &gt; 0 (the law diverges at 0); runs may leave a domain out with 0.</param>
    /// <returns>True when no rule was broken.</returns>
    public static bool Values(IReadOnlyDictionary<string, double>? mixture, string field, List<FieldError> errors, bool strictlyPositive = false)
    {
        if (mixture is null || mixture.Count == 0)
        {
            errors.Add(new(field, "is required: one proportion per domain of the experiment"));
            return false;
        }
        var before = errors.Count;
        foreach (var (name, p) in mixture)
        {
            if (!double.IsFinite(p)) errors.Add(new($"{field}.{name}", "must be a finite number"));
            else if (strictlyPositive ? p <= 0 : p < 0) errors.Add(new($"{field}.{name}", strictlyPositive ? "must be > 0" : "must be ≥ 0"));
        }
        if (errors.Count > before) return false;

        var sum = mixture.Values.Sum();
        if (Math.Abs(sum - 1) <= SumTolerance) return true;
        errors.Add(new(field, $"proportions must sum to 1 within {SumTolerance:0e0} (they sum to {sum:R})"));
        return false;
    }

    /// <summary>The proportions of a mixture whose <see cref="Values"/> are valid, in <paramref name="domains"/> order.</summary>
    /// <returns>Null when a name is not one of <paramref name="domains"/> or a domain is missing (then <paramref name="errors"/> says which).</returns>
    public static double[]? InDomainOrder(IReadOnlyDictionary<string, double> mixture, IReadOnlyList<string> domains, string field, List<FieldError> errors)
    {
        var before = errors.Count;
        foreach (var name in mixture.Keys.Where(k => !domains.Contains(k)))
            errors.Add(new($"{field}.{name}", UnknownDomain.Rule(name, domains)));
        var proportions = new double[domains.Count];
        for (var i = 0; i < domains.Count; i++)
            if (!mixture.TryGetValue(domains[i], out proportions[i]))
                errors.Add(new($"{field}.{domains[i]}", "missing: every domain of the experiment needs a proportion"));
        return errors.Count > before ? null : proportions;
    }

    /// <summary>Both halves at once, for a mixture nested where no request validator reaches (a sweep's or comparison's planned mixtures).</summary>
    /// <returns>Proportions in <paramref name="domains"/> order, or null when <paramref name="errors"/> grew.</returns>
    public static double[]? Validate(IReadOnlyDictionary<string, double>? mixture, IReadOnlyList<string> domains, string field,
        List<FieldError> errors, bool strictlyPositive = false)
    {
        if (Values(mixture, field, errors, strictlyPositive)) return InDomainOrder(mixture!, domains, field, errors);
        if (mixture is { Count: > 0 }) InDomainOrder(mixture, domains, field, errors);
        return null;
    }
}
