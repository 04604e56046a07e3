using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Mixtures;

/// <summary>A mixture to run next: the bootstrap laws' disagreement about its average loss, its distance to the optimum,
/// and whether it steps beyond the observed proportions towards where the law places the optimum.</summary>
public sealed record NextRun(double[] Mixture, double Disagreement, double DistanceToOptimum, bool ExtendsRange);

/// <summary>
/// Which mixtures to run next so the optimum becomes better placed and its predicted loss more certain.
/// <para>
/// When the optimum of the search box (bounds ∩ trust region) sits on an edge of the box that the caller's bounds would
/// let it cross, runs inside the box cannot move it: refitting with them leaves the answer clamped where it was. The
/// first run then steps out: it is the law's optimum in the box widened by <see cref="Reach"/> (each free share may go up
/// to <see cref="Reach"/>× its largest observed value and down to 1/<see cref="Reach"/> of its smallest, within the
/// caller's bounds; shares the trust region holds fixed stay held). After it, the trust region of the refit reaches the
/// spot the law points to, and the optimum can follow if the new data confirm it.
/// </para>
/// <para>
/// The other runs (all of them when the optimum is inside its box) go where the bootstrap law sets disagree most about
/// the average loss near that optimum: candidates are the optimum and Dirichlet draws around it (concentration 20:
/// typically within ±0.1 of each share), projected into the box, scored by the sd over resamples of
/// ln(Σ w_i L_i(r_i, s)). That is the cheapest observation of what the data leave open there (mostly α of the domains
/// the optimum moves). Picks are greedy; a pick discounts candidates within L1 distance 0.2 of it, so several runs do
/// not sample the same spot. Shares the trust region holds because their α is unresolved are opened to half to twice
/// the held value for these candidates: runs with clearly more and less of such a domain are what resolves it.
/// </para>
/// </summary>
public static class NextRunAdvisor
{
    /// <summary>How far one step beyond the observed proportions may go, as a factor on a share.</summary>
    public const double Reach = 2;

    private const int Candidates = 400;
    private const double Concentration = 20;
    private const double Spacing = 0.2;
    private const double Tolerance = 1e-9;

    /// <param name="box">Where the optimum was searched (bounds ∩ trust region, held shares fixed).</param>
    /// <param name="allowed">The caller's bounds (and data limits): no run leaves them.</param>
    /// <param name="optimum">The optimum of <paramref name="box"/>.</param>
    /// <param name="reach">The widening factor of a step beyond the data; 1 keeps every run inside <paramref name="box"/>.</param>
    public static IReadOnlyList<NextRun> Recommend(BiMixFit fit, double step, IReadOnlyList<double> weights, IReadOnlyList<ProportionBounds> box,
        IReadOnlyList<ProportionBounds> allowed, IReadOnlyList<double> optimum, int count, double reach = Reach)
    {
        if (fit.BootstrapLaws.Count < 2)
            throw new InvalidOperationException("Next-run advice needs the fit's bootstrap laws (bootstrap ≥ 2).");
        var w = BiMixPredictor.NormalizedWeights(weights, optimum.Count);
        var chosen = new List<NextRun>();
        var center = optimum.ToArray();
        var searchBox = box;
        if (reach > 1 && AtCrossableEdge(box, allowed, optimum))
        {
            searchBox = Widen(box, allowed, reach);
            center = MixtureOptimizer.Optimize(fit.DomainFits.Select(d => d.Law).ToList(), step, w, searchBox);
            chosen.Add(Score(fit, center, step, w, optimum, extendsRange: true));
        }

        // A share the trust region holds (α unresolved) is exactly what new runs should vary: "clearly more and less of it".
        searchBox = Release(searchBox, allowed, reach);
        var floored = center.Select(r => Math.Max(r, 1e-3)).ToArray();
        var sum = floored.Sum();
        var scored = new[] { center }
            .Concat(MixtureDesigns.Dirichlet(floored.Select(r => r / sum).ToArray(), Concentration, Candidates, fit.Seed)
                .Select(r => ProjectIntoBox(r, searchBox)))
            .Where(r => r.All(p => p > 0))
            .Select(r => Score(fit, r, step, w, optimum, extendsRange: !Inside(r, box)))
            .ToList();
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

    /// <summary>Some share of the optimum sits on an edge of its box that the caller's bounds would let it cross.</summary>
    private static bool AtCrossableEdge(IReadOnlyList<ProportionBounds> box, IReadOnlyList<ProportionBounds> allowed, IReadOnlyList<double> optimum) =>
        optimum.Select((r, i) => box[i].Min < box[i].Max &&
                                 (r >= box[i].Max - Tolerance && allowed[i].Max > box[i].Max + Tolerance ||
                                  r <= box[i].Min + Tolerance && allowed[i].Min < box[i].Min - Tolerance)).Any(x => x);

    /// <summary>The box one step further: free shares up to reach× their maximum and down to 1/reach of their minimum, within the caller's bounds.</summary>
    private static ProportionBounds[] Widen(IReadOnlyList<ProportionBounds> box, IReadOnlyList<ProportionBounds> allowed, double reach) =>
        box.Select((b, i) => b.Min >= b.Max
                ? b
                : new ProportionBounds(Math.Min(b.Min, Math.Max(allowed[i].Min, b.Min / reach)), Math.Max(b.Max, Math.Min(allowed[i].Max, b.Max * reach))))
            .ToArray();

    /// <summary>Held shares (min = max) opened to [held / reach, held · reach] within the caller's bounds.</summary>
    private static ProportionBounds[] Release(IReadOnlyList<ProportionBounds> box, IReadOnlyList<ProportionBounds> allowed, double reach) =>
        box.Select((b, i) => b.Min < b.Max || reach <= 1
                ? b
                : new ProportionBounds(Math.Max(allowed[i].Min, b.Min / reach), Math.Min(allowed[i].Max, b.Max * reach)))
            .ToArray();

    private static bool Inside(IReadOnlyList<double> mixture, IReadOnlyList<ProportionBounds> box) =>
        mixture.Select((r, i) => r >= box[i].Min - Tolerance && r <= box[i].Max + Tolerance).All(x => x);

    private static NextRun Score(BiMixFit fit, double[] mixture, double step, IReadOnlyList<double> weights, IReadOnlyList<double> optimum, bool extendsRange) =>
        new(mixture, Disagreement(fit, mixture, step, weights), mixture.Zip(optimum, (a, b) => Math.Abs(a - b)).Sum(), extendsRange);

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
