using ScalingApi.Laws.Sampling;

namespace ScalingApi.Laws.Mixtures;

/// <summary>
/// Families of proxy mixtures to train, generated around a base mixture (usually the domains'
/// natural token shares). Pure and seeded: the same arguments give the same mixtures.
/// </summary>
public static class MixtureDesigns
{
    /// <summary>Natural shares: each domain's tokens over the total.</summary>
    public static double[] NaturalShares(IReadOnlyList<double> tokens)
    {
        if (tokens.Count == 0) throw new ArgumentException("at least one domain", nameof(tokens));
        if (tokens.Any(t => !double.IsFinite(t) || t <= 0)) throw new ArgumentException("token counts must be finite and > 0", nameof(tokens));
        var total = tokens.Sum();
        return tokens.Select(t => t / total).ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> draws from Dirichlet(concentration · base): the mean is the base
    /// mixture, larger concentrations scatter less around it.
    /// </summary>
    public static IReadOnlyList<double[]> Dirichlet(IReadOnlyList<double> baseMixture, double concentration, int count, int seed)
    {
        RequireMixture(baseMixture);
        if (!double.IsFinite(concentration) || concentration <= 0) throw new ArgumentOutOfRangeException(nameof(concentration), "must be finite and > 0");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "must be at least 1");
        var random = new Random(seed);
        var draws = new List<double[]>(count);
        while (draws.Count < count)
        {
            var gammas = baseMixture.Select(p => p > 0 ? GammaSampler.Sample(random, concentration * p) : 0.0).ToArray();
            var sum = gammas.Sum();
            // All-zero draws only happen when every shape underflows; draw again rather than divide by zero.
            if (!(sum > 0) || !double.IsFinite(sum)) continue;
            draws.Add(gammas.Select(g => g / sum).ToArray());
        }
        return draws;
    }

    /// <summary>One mixture per domain: that domain's share multiplied by <paramref name="factor"/>, then all renormalised.</summary>
    public static IReadOnlyList<double[]> OneUp(IReadOnlyList<double> baseMixture, double factor)
    {
        RequireMixture(baseMixture);
        if (!double.IsFinite(factor) || factor <= 0) throw new ArgumentOutOfRangeException(nameof(factor), "must be finite and > 0");
        return Enumerable.Range(0, baseMixture.Count).Select(up =>
        {
            var weights = baseMixture.Select((p, i) => i == up ? p * factor : p).ToArray();
            var sum = weights.Sum();
            return weights.Select(w => w / sum).ToArray();
        }).ToList();
    }

    private static void RequireMixture(IReadOnlyList<double> mixture)
    {
        if (mixture.Count == 0) throw new ArgumentException("at least one domain", nameof(mixture));
        if (mixture.Any(p => !double.IsFinite(p) || p < 0) || Math.Abs(mixture.Sum() - 1) > 1e-9)
            throw new ArgumentException("must be finite, ≥ 0 and sum to 1", nameof(mixture));
    }
}
