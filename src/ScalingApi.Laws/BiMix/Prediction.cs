namespace ScalingApi.Laws.BiMix;

public sealed record PredictedLoss(double Loss, double Lower, double Upper);

public sealed record MixturePrediction(IReadOnlyList<PredictedLoss> Domains, PredictedLoss Average);

public static class BiMixPredictor
{
    /// <summary>
    /// Per-domain losses at a mixture and step with bootstrap percentile intervals, and the
    /// weighted average (weights default to 1/m). Throws <see cref="AlphaUnavailableException"/>
    /// when a domain's α is unknown.
    /// </summary>
    public static MixturePrediction Predict(BiMixFit fit, IReadOnlyList<double> mixture, double step, IReadOnlyList<double>? weights = null)
        => throw new NotImplementedException();
}
