using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>Inputs shared by predictions and optimal mixtures: where on the data axis, and how domains are weighted.</summary>
public static class PlanningInputs
{
    /// <summary>Exactly one of steps or tokens; tokens are converted with the experiment's tokensPerStep.</summary>
    public static double? Steps(double? steps, double? tokens, double? tokensPerStep, string prefix, List<FieldError> errors)
    {
        var before = errors.Count;
        FieldRules.PositiveFinite(steps, prefix + "steps", errors);
        FieldRules.PositiveFinite(tokens, prefix + "tokens", errors);
        if (errors.Count > before) return null;
        switch (steps, tokens)
        {
            case ({ } s, null): return s;
            case (null, { } t) when tokensPerStep is { } tps: return t / tps;
            case (null, { }):
                errors.Add(new(prefix + "tokens", "needs the experiment's tokensPerStep to convert tokens to steps; give steps instead"));
                return null;
            case (null, null):
                errors.Add(new(prefix + "steps", "one of steps or tokens is required"));
                return null;
            default:
                errors.Add(new(prefix + "steps", "give steps or tokens, not both"));
                return null;
        }
    }

    /// <summary>Domain → relative weight; unlisted domains weigh 0; null means equal weights.</summary>
    public static double[]? Weights(IReadOnlyDictionary<string, double>? weights, IReadOnlyList<string> domains, List<FieldError> errors)
    {
        if (weights is null) return null;
        var before = errors.Count;
        foreach (var name in weights.Keys.Where(k => !domains.Contains(k)))
            errors.Add(new($"weights.{name}", UnknownDomain.Rule(name, domains)));
        foreach (var (name, w) in weights)
            if (!double.IsFinite(w) || w < 0) errors.Add(new($"weights.{name}", "must be finite and ≥ 0"));
        if (errors.Count > before) return null;
        var result = domains.Select(d => weights.GetValueOrDefault(d)).ToArray();
        if (!(result.Sum() > 0)) { errors.Add(new("weights", "at least one weight must be > 0")); return null; }
        return result;
    }
}
