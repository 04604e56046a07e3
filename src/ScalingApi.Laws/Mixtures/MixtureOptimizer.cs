using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Mixtures;

public sealed record ProportionBounds(double Min, double Max);

/// <summary>
/// Minimises Σ w_i K_i(s) r_i^-α_i over the simplex with box bounds (science.md §1, KKT with
/// bisection on λ). Strictly convex when every α_i &gt; 0, so the optimum is unique.
/// </summary>
public static class MixtureOptimizer
{
    /// <exception cref="InfeasibleBoundsException">Σ min &gt; 1 or Σ max &lt; 1, or min &gt; max.</exception>
    /// <exception cref="AlphaUnavailableException">a domain's α is unknown.</exception>
    public static double[] Optimize(IReadOnlyList<DomainLaw> laws, double step, IReadOnlyList<double> weights, IReadOnlyList<ProportionBounds>? bounds = null)
        => throw new NotImplementedException();

    /// <summary>The data-limit bound of science.md: r_i ≤ E·D_i / T.</summary>
    public static double DataLimitUpperBound(double uniqueTokens, double maxEpochs, double totalTokens) => throw new NotImplementedException();
}

public sealed class InfeasibleBoundsException(string message) : ArgumentException(message);
