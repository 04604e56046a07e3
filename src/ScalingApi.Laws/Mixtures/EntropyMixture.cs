namespace ScalingApi.Laws.Mixtures;

/// <summary>Entropy-driven mixture of the BiMix paper: r_i = softmax(H_i / τ).</summary>
public static class EntropyMixture
{
    public static double[] FromEntropies(IReadOnlyList<double> entropies, double temperature = 1.0) => throw new NotImplementedException();
}
