using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Mixtures;

public sealed record ProportionBounds(double Min, double Max);

/// <summary>
/// Minimises Σ w_i K_i(s) r_i^-α_i over the simplex with box bounds (docs/science.md §1, KKT with
/// bisection on λ). Strictly convex when every α_i &gt; 0, so the optimum is unique.
/// </summary>
public static class MixtureOptimizer
{
    /// <summary>
    /// Weights are normalised to sum 1 (the argmin does not depend on their scale). Stationarity gives
    /// r_i(λ) = (α_i w_i K_i / λ)^(1/(1+α_i)), clipped to [min_i, max_i]; Σ r_i(λ) is non-increasing in
    /// λ, so bisection on ln λ finds the λ where it equals 1.
    /// </summary>
    /// <exception cref="InfeasibleBoundsException">Σ min &gt; 1 or Σ max &lt; 1, or min &gt; max, or a bound outside [0, 1].</exception>
    /// <exception cref="AlphaUnavailableException">a domain's α is unknown.</exception>
    public static double[] Optimize(IReadOnlyList<DomainLaw> laws, double step, IReadOnlyList<double> weights, IReadOnlyList<ProportionBounds>? bounds = null)
    {
        var m = laws.Count;
        if (m == 0) throw new ArgumentException("At least one domain is needed.", nameof(laws));
        var w = BiMixPredictor.NormalizedWeights(weights, m);
        var (lo, hi) = CheckBounds(bounds, m);
        var alpha = laws.Select(l => l.Alpha ?? throw new AlphaUnavailableException(l.Domain ?? "(unnamed)")).ToArray();
        // ln(α_i w_i K_i); −∞ for a zero weight, whose share then sits at its lower bound.
        var logScale = laws.Select((l, i) => Math.Log(alpha[i] * w[i] * l.StepFactor(step))).ToArray();

        double[] SharesAt(double logLambda) =>
            Enumerable.Range(0, m)
                .Select(i => Math.Clamp(Math.Exp((logScale[i] - logLambda) / (1 + alpha[i])), lo[i], hi[i]))
                .ToArray();

        return SimplexMultiplier.Solve(SharesAt, lo, hi, relativeTolerance: 1e-15);
    }

    /// <summary>The data-limit bound of docs/science.md §1: r_i ≤ E·D_i / T, capped at 1.</summary>
    public static double DataLimitUpperBound(double uniqueTokens, double maxEpochs, double totalTokens)
    {
        if (!(uniqueTokens >= 0) || !double.IsFinite(uniqueTokens))
            throw new ArgumentOutOfRangeException(nameof(uniqueTokens), uniqueTokens, "Unique tokens must be finite and ≥ 0.");
        if (!(maxEpochs > 0) || !double.IsFinite(maxEpochs))
            throw new ArgumentOutOfRangeException(nameof(maxEpochs), maxEpochs, "Max epochs must be finite and > 0.");
        if (!(totalTokens > 0) || !double.IsFinite(totalTokens))
            throw new ArgumentOutOfRangeException(nameof(totalTokens), totalTokens, "Total tokens must be finite and > 0.");
        return Math.Min(1.0, maxEpochs * uniqueTokens / totalTokens);
    }

    internal static (double[] Lo, double[] Hi) CheckBounds(IReadOnlyList<ProportionBounds>? bounds, int m)
    {
        if (bounds is null) return (new double[m], Enumerable.Repeat(1.0, m).ToArray());
        if (bounds.Count != m) throw new InfeasibleBoundsException($"{bounds.Count} bounds for {m} domains.");
        for (var i = 0; i < m; i++)
        {
            var (min, max) = (bounds[i].Min, bounds[i].Max);
            if (!(min >= 0 && min <= 1) || !(max >= 0 && max <= 1))
                throw new InfeasibleBoundsException($"Bounds of domain {i} ({min}, {max}) must lie in [0, 1].");
            if (min > max)
                throw new InfeasibleBoundsException($"Bounds of domain {i}: min {min} is greater than max {max}.");
        }
        var sumMin = bounds.Sum(b => b.Min);
        var sumMax = bounds.Sum(b => b.Max);
        if (sumMin > 1 + 1e-12) throw new InfeasibleBoundsException($"The minimum proportions sum to {sumMin} > 1.");
        if (sumMax < 1 - 1e-12) throw new InfeasibleBoundsException($"The maximum proportions sum to {sumMax} < 1.");
        return (bounds.Select(b => b.Min).ToArray(), bounds.Select(b => b.Max).ToArray());
    }
}

public sealed class InfeasibleBoundsException(string message) : ArgumentException(message);
