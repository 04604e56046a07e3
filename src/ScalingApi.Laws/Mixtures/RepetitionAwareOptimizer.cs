using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Mixtures;

/// <summary>
/// Minimises Σ w_i K_i(s) r′_i(r_i)^-α_i over the simplex with box bounds, where r′ is the effective
/// proportion under diminishing returns from repetition (<see cref="DiminishingRepetition"/>).
/// r′ is concave and increasing, x^-α convex and decreasing, so each term is convex in r_i and the
/// KKT conditions hold as in <see cref="MixtureOptimizer"/>: the marginal gain
/// g_i(r) = α_i w_i K_i r′^(−α_i−1) dr′/dr falls with r, so r_i(λ) solves g_i(r) = λ (inner bisection,
/// clipped to the box) and λ is found by bisection so that Σ r_i(λ) = 1.
/// </summary>
public static class RepetitionAwareOptimizer
{
    private const int BisectionSteps = 200;

    public static double[] Optimize(IReadOnlyList<DomainLaw> laws, double step, IReadOnlyList<double> weights, DiminishingRepetition repetition,
        IReadOnlyList<ProportionBounds>? bounds = null)
    {
        var m = laws.Count;
        if (m == 0) throw new ArgumentException("At least one domain is needed.", nameof(laws));
        var w = BiMixPredictor.NormalizedWeights(weights, m);
        var (lo, hi) = MixtureOptimizer.CheckBounds(bounds, m);
        var alpha = laws.Select(l => l.Alpha ?? throw new AlphaUnavailableException(l.Domain ?? "(unnamed)")).ToArray();
        var scale = laws.Select((l, i) => alpha[i] * w[i] * l.StepFactor(step)).ToArray();

        // ln g_i(r); −∞ where the domain's weight is zero (its share then sits at its lower bound).
        double LogGain(int i, double r)
        {
            if (scale[i] == 0) return double.NegativeInfinity;
            var effective = Math.Max(repetition.EffectiveProportion(i, r), 1e-300);
            return Math.Log(scale[i]) - (alpha[i] + 1) * Math.Log(effective) + Math.Log(repetition.Slope(i, r));
        }

        double ShareAt(int i, double logLambda)
        {
            if (LogGain(i, hi[i]) >= logLambda) return hi[i];
            if (lo[i] > 0 && LogGain(i, lo[i]) <= logLambda) return lo[i];
            double low = lo[i], high = hi[i];
            for (var n = 0; n < BisectionSteps && high - low > 1e-16; n++)
            {
                var mid = (low + high) / 2;
                if (mid <= 0 || LogGain(i, mid) > logLambda) low = mid; else high = mid;
            }
            return (low + high) / 2;
        }

        double[] SharesAt(double logLambda) => Enumerable.Range(0, m).Select(i => ShareAt(i, logLambda)).ToArray();

        return SimplexMultiplier.Solve(SharesAt, lo, hi, relativeTolerance: 1e-13);
    }
}
