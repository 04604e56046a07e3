using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary>
/// Inputs shared by predictions and optimal mixtures: where on the data axis, and how domains are weighted. Each in
/// two halves: the request's own rules (for its request validator) and what needs the experiment (for the service).
/// </summary>
public static class PlanningInputs
{
    /// <summary>Exactly one of steps or tokens, positive and finite.</summary>
    public static void StepsOrTokens(double? steps, double? tokens, string prefix, List<FieldError> errors)
    {
        var before = errors.Count;
        FieldRules.PositiveFinite(steps, prefix + "steps", errors);
        FieldRules.PositiveFinite(tokens, prefix + "tokens", errors);
        if (errors.Count > before) return;
        if (steps is null && tokens is null) errors.Add(new(prefix + "steps", "one of steps or tokens is required"));
        else if (steps is not null && tokens is not null) errors.Add(new(prefix + "steps", "give steps or tokens, not both"));
    }

    /// <summary>The steps of a valid <see cref="StepsOrTokens"/>; tokens are converted with the experiment's tokensPerStep.</summary>
    public static double? Steps(double? steps, double? tokens, double? tokensPerStep, string prefix, List<FieldError> errors)
    {
        if (steps is { } s) return s;
        if (tokensPerStep is { } tps) return tokens!.Value / tps;
        errors.Add(new(prefix + "tokens", "needs the experiment's tokensPerStep to convert tokens to steps; give steps instead"));
        return null;
    }

    /// <summary>Domain → relative weight, each finite and ≥ 0, at least one &gt; 0; null means equal weights.</summary>
    public static void WeightValues(IReadOnlyDictionary<string, double>? weights, List<FieldError> errors)
    {
        if (weights is null) return;
        var before = errors.Count;
        foreach (var (name, w) in weights)
            if (!double.IsFinite(w) || w < 0) errors.Add(new($"weights.{name}", "must be finite and ≥ 0"));
        if (errors.Count == before && !(weights.Values.Sum() > 0)) errors.Add(new("weights", "at least one weight must be > 0"));
    }

    /// <summary>Valid <see cref="WeightValues"/> in <paramref name="domains"/> order (unlisted domains weigh 0), or null for equal weights or an unknown name.</summary>
    public static double[]? Weights(IReadOnlyDictionary<string, double>? weights, IReadOnlyList<string> domains, List<FieldError> errors)
    {
        if (weights is null) return null;
        var before = errors.Count;
        foreach (var name in weights.Keys.Where(k => !domains.Contains(k)))
            errors.Add(new($"weights.{name}", UnknownDomain.Rule(name, domains)));
        return errors.Count > before ? null : domains.Select(d => weights.GetValueOrDefault(d)).ToArray();
    }
}
