namespace ScalingApi.Laws.Mixtures;

/// <summary>Entropy-driven mixture of the BiMix paper: r_i = softmax(H_i / τ).</summary>
public static class EntropyMixture
{
    /// <summary>Entropies in nats; τ = 1 in the paper. Numerically stable for any finite entropies.</summary>
    public static double[] FromEntropies(IReadOnlyList<double> entropies, double temperature = 1.0) =>
        Softmax.Of(entropies, temperature, nameof(entropies));
}
