namespace ScalingApi.Laws.Mixtures;

/// <summary>DoReMi's Group-DRO domain-weight step (Xie et al. 2023; docs/science.md §3).</summary>
public static class DoReMiWeights
{
    /// <summary>
    /// log α' = log α + η λ, normalised by log-sum-exp, then smoothed: (1 − c)·softmax + c/k.
    /// <paramref name="excessLosses"/> are the per-domain clipped excess losses λ_i ≥ 0.
    /// </summary>
    public static double[] Update(IReadOnlyList<double> previous, IReadOnlyList<double> excessLosses, double eta = 1.0, double smoothing = 1e-3)
    {
        var k = previous.Count;
        if (k == 0 || excessLosses.Count != k)
            throw new ArgumentException($"{previous.Count} weights and {excessLosses.Count} excess losses: both must be the same non-zero length.", nameof(excessLosses));
        if (previous.Any(a => !(a > 0) || !double.IsFinite(a)))
            throw new ArgumentException("Previous weights must be finite and > 0 (they are used in log space).", nameof(previous));
        if (!double.IsFinite(eta) || eta < 0)
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must be finite and ≥ 0.");
        if (!(smoothing >= 0 && smoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "The smoothing c must be in [0, 1].");
        var logits = previous.Select((a, i) => Math.Log(a) + eta * excessLosses[i]).ToArray();
        return Softmax.Of(logits, 1.0, nameof(excessLosses)).Select(p => (1 - smoothing) * p + smoothing / k).ToArray();
    }
}
