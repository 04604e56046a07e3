namespace ScalingApi.Laws.BiMix;

/// <summary>
/// One domain's BiMix law <c>L(r, s) = A r^-α (B s^-β + C)</c>.
/// Only A·B and A·C are identifiable, so fits use the convention A = 1.
/// <see cref="Alpha"/> is null when the domain was observed at a single proportion:
/// the law is then <c>B s^-β + C</c> at that proportion only.
/// </summary>
public sealed record DomainLaw(double A, double B, double C, double? Alpha, double Beta)
{
    /// <summary>Domain name, used in error messages; optional so the positional constructor stays as it was.</summary>
    public string? Domain { get; init; }

    /// <summary>
    /// When <see cref="Alpha"/> is null: the one proportion the domain was observed at. Predictions at
    /// exactly that proportion do not need α and are allowed; any other proportion is refused.
    /// </summary>
    public double? ObservedProportion { get; init; }

    /// <summary>Predicted loss (nats/token). Throws <see cref="AlphaUnavailableException"/> when α is unknown.</summary>
    public double Predict(double proportion, double step)
    {
        if (!(proportion > 0) || !double.IsFinite(proportion))
            throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "The proportion must be finite and > 0 (the law diverges at 0).");
        var factor = StepFactor(step);
        if (Alpha is { } alpha)
            return factor * Math.Pow(proportion, -alpha);
        if (IsObservedProportion(proportion))
            return factor;
        throw new AlphaUnavailableException(Domain ?? "(unnamed)");
    }

    /// <summary>Whether α is not needed at this proportion: it is the one a domain without α was observed at.</summary>
    public bool IsObservedProportion(double proportion) =>
        ObservedProportion is { } seen && Math.Abs(proportion - seen) <= ProportionTolerance;

    /// <summary>K(s) = A (B s^-β + C): the loss at proportion 1.</summary>
    public double StepFactor(double step)
    {
        if (!(step > 0) || !double.IsFinite(step))
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be finite and > 0.");
        return A * (B * Math.Pow(step, -Beta) + C);
    }

    /// <summary>Two proportions closer than this are the same mixture share (run mixtures are summed to 1e-4 at most).</summary>
    internal const double ProportionTolerance = 1e-9;
}

/// <summary>Raised when a prediction needs α for a domain that was only seen at one proportion.</summary>
public sealed class AlphaUnavailableException(string domain)
    : InvalidOperationException($"Domain '{domain}' was observed at a single proportion, so its α is not identifiable.")
{
    public string Domain { get; } = domain;
}
