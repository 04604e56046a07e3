using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>Checks a domain → proportion map against an experiment's domains and returns it in domain order.</summary>
public static class MixtureValidator
{
    public const double SumTolerance = 1e-4;

    /// <param name="strictlyPositive">Predictions need r &gt; 0 (the law diverges at 0); runs may leave a domain out with 0.</param>
    /// <returns>Proportions in <paramref name="domains"/> order, or null when <paramref name="errors"/> grew.</returns>
    public static double[]? Validate(IReadOnlyDictionary<string, double>? mixture, IReadOnlyList<string> domains, string field,
        List<FieldError> errors, bool strictlyPositive = false)
    {
        if (mixture is null || mixture.Count == 0)
        {
            errors.Add(new(field, "is required: one proportion per domain of the experiment"));
            return null;
        }
        var before = errors.Count;
        foreach (var name in mixture.Keys.Where(k => !domains.Contains(k)))
            errors.Add(new($"{field}.{name}", UnknownDomain.Rule(name, domains)));

        var proportions = new double[domains.Count];
        for (var i = 0; i < domains.Count; i++)
        {
            var path = $"{field}.{domains[i]}";
            if (!mixture.TryGetValue(domains[i], out var p)) errors.Add(new(path, "missing: every domain of the experiment needs a proportion"));
            else if (!double.IsFinite(p)) errors.Add(new(path, "must be a finite number"));
            else if (strictlyPositive ? p <= 0 : p < 0) errors.Add(new(path, strictlyPositive ? "must be > 0" : "must be ≥ 0"));
            else proportions[i] = p;
        }
        if (errors.Count > before) return null;

        var sum = proportions.Sum();
        if (Math.Abs(sum - 1) > SumTolerance)
        {
            errors.Add(new(field, $"proportions must sum to 1 within {SumTolerance:0e0} (they sum to {sum:R})"));
            return null;
        }
        return proportions;
    }
}
