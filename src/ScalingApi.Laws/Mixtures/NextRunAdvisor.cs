using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Mixtures;

/// <summary>A mixture to run next: the bootstrap laws' disagreement about its average loss, and its distance to the optimum.</summary>
public sealed record NextRun(double[] Mixture, double Disagreement, double DistanceToOptimum);

/// <summary>
/// Which mixtures to run next so the optimum's predicted loss becomes more certain. Candidates are the optimum itself and
/// Dirichlet draws around it (concentration 20: typically within ±0.1 of each share), projected into the search box
/// (bounds ∩ trust region). Each is scored by the disagreement of the bootstrap law sets about it: the sd over resamples
/// of ln(Σ w_i L_i(r_i, s)). A run where the laws disagree most near the optimum is the cheapest observation of what
/// the current data leave open there (mostly α of the domains the optimum moves). Runs are picked greedily; a pick
/// discounts candidates within L1 distance 0.2 of it, so several runs do not sample the same spot.
/// </summary>
public static class NextRunAdvisor
{
    private const int Candidates = 400;
    private const double Concentration = 20;
    private const double Spacing = 0.2;

    public static IReadOnlyList<NextRun> Recommend(BiMixFit fit, double step, IReadOnlyList<double> weights, IReadOnlyList<ProportionBounds> box,
        IReadOnlyList<double> optimum, int count)
    {
        if (fit.BootstrapLaws.Count < 2)
            throw new InvalidOperationException("Next-run advice needs the fit's bootstrap laws (bootstrap ≥ 2).");
        var w = BiMixPredictor.NormalizedWeights(weights, optimum.Count);
        var candidates = new List<double[]> { optimum.ToArray() };
        var floored = optimum.Select(r => Math.Max(r, 1e-3)).ToArray();
        var sum = floored.Sum();
        candidates.AddRange(MixtureDesigns.Dirichlet(floored.Select(r => r / sum).ToArray(), Concentration, Candidates, fit.Seed)
            .Select(r => ProjectIntoBox(r, box)));
        var scored = candidates
            .Where(r => r.All(p => p > 0))
            .Select(r => new NextRun(r, Disagreement(fit, r, step, w), r.Zip(optimum, (a, b) => Math.Abs(a - b)).Sum()))
            .ToList();

        var chosen = new List<NextRun>();
        while (chosen.Count < count && scored.Count > 0)
        {
            var best = scored.MaxBy(c => c.Disagreement * Spread(c.Mixture, chosen))!;
            chosen.Add(best);
            scored.Remove(best);
        }
        return chosen;
    }

    /// <summary>sd over the bootstrap law sets of the log weighted-average loss at the mixture (weights normalised to sum 1).</summary>
    public static double Disagreement(BiMixFit fit, IReadOnlyList<double> mixture, double step, IReadOnlyList<double> weights)
    {
        weights = BiMixPredictor.NormalizedWeights(weights, mixture.Count);
        var logs = fit.BootstrapLaws.Select(laws => Math.Log(laws.Select((law, i) => weights[i] * law.Predict(mixture[i], step)).Sum())).ToArray();
        var mean = logs.Average();
        return Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1));
    }

    /// <summary>1 far from every chosen run, falling linearly to 0 at the same spot.</summary>
    private static double Spread(double[] mixture, List<NextRun> chosen) =>
        chosen.Count == 0 ? 1 : Math.Min(1, chosen.Min(c => c.Mixture.Zip(mixture, (a, b) => Math.Abs(a - b)).Sum()) / Spacing);

    /// <summary>Euclidean projection onto {Σ r = 1, lo ≤ r ≤ hi}: r_i + τ clipped to the box, τ found by bisection.</summary>
    public static double[] ProjectIntoBox(IReadOnlyList<double> mixture, IReadOnlyList<ProportionBounds> box)
    {
        double Sum(double tau) => mixture.Select((r, i) => Math.Clamp(r + tau, box[i].Min, box[i].Max)).Sum();
        double low = -1, high = 1;
        for (var n = 0; n < 100; n++)
        {
            var mid = (low + high) / 2;
            if (Sum(mid) > 1) high = mid; else low = mid;
        }
        return mixture.Select((r, i) => Math.Clamp(r + (low + high) / 2, box[i].Min, box[i].Max)).ToArray();
    }
}
