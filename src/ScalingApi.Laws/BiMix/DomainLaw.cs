namespace ScalingApi.Laws.BiMix;

/// <summary>
/// One domain's BiMix law <c>L(r, s) = A r^-α (B s^-β + C)</c>.
/// Only A·B and A·C are identifiable, so fits use the convention A = 1.
/// <see cref="Alpha"/> is null when the domain was observed at a single proportion:
/// the law is then <c>B s^-β + C</c> at that proportion only.
/// </summary>
public sealed record DomainLaw(double A, double B, double C, double? Alpha, double Beta)
{
    /// <summary>Predicted loss (nats/token). Throws <see cref="AlphaUnavailableException"/> when α is unknown.</summary>
    public double Predict(double proportion, double step) => throw new NotImplementedException();

    /// <summary>K(s) = A (B s^-β + C): the loss at proportion 1.</summary>
    public double StepFactor(double step) => throw new NotImplementedException();
}

/// <summary>Raised when a prediction needs α for a domain that was only seen at one proportion.</summary>
public sealed class AlphaUnavailableException(string domain)
    : InvalidOperationException($"Domain '{domain}' was observed at a single proportion, so its α is not identifiable.")
{
    public string Domain { get; } = domain;
}
