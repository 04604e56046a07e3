using MathNet.Numerics.Distributions;

namespace ScalingApi.Laws.Statistics;

/// <summary>
/// The runs of one candidate mixture in a paired comparison: seed k of every candidate shares the
/// initialisation and each domain's data order, so candidates are compared seed by seed.
/// </summary>
/// <param name="Final">Final validation loss per seed and domain: <c>Final[k][d]</c>.</param>
/// <param name="Curve">Validation loss per checkpoint, seed and domain: <c>Curve[c][k][d]</c>, checkpoints as in
/// <see cref="PairedComparison.Compare"/>'s steps (the last one is the final step).</param>
public sealed record CandidateLosses(double[][] Final, double[][][] Curve);

/// <summary>A mean over seeds with its sample standard deviation (null for a single seed).</summary>
public sealed record SeedMean(double Mean, double? Sd);

/// <summary>
/// Candidate minus baseline, seed by seed, on the average loss: mean and sample sd of the differences and the
/// 95 % Student-t interval mean ± t(0.975, n−1) · sd / √n (null for a single seed).
/// </summary>
public sealed record PairedDifference(double Mean, double? Sd, double? Lower, double? Upper, int Seeds)
{
    /// <summary>True when the interval lies wholly below 0 (better than the baseline beyond seed noise).</summary>
    public bool? Better => Upper is { } upper ? upper < 0 : null;

    /// <summary>True when the interval lies wholly above 0.</summary>
    public bool? Worse => Lower is { } lower ? lower > 0 : null;
}

/// <param name="Domains">Per domain (all domains, input order): final loss over seeds.</param>
/// <param name="Average">The average of the final losses over the averaged domains, over seeds.</param>
/// <param name="WorstDomain">Index of the averaged domain with the highest mean final loss.</param>
/// <param name="Rank">1 for the lowest mean average loss.</param>
/// <param name="DomainsImproved">Averaged domains whose mean paired difference to the baseline is below 0.</param>
/// <param name="StepsToBaseline">The first checkpoint step at which the mean average loss is at or below the
/// baseline's final mean average loss; null when it never gets there.</param>
public sealed record CandidateSummary(
    IReadOnlyList<SeedMean> Domains,
    SeedMean Average,
    int WorstDomain,
    double WorstLoss,
    int Rank,
    PairedDifference VersusBaseline,
    IReadOnlyList<double> DomainDifferences,
    int DomainsImproved,
    int? StepsToBaseline);

/// <summary>Summaries of a paired multi-seed comparison of candidate mixtures against a baseline.</summary>
public static class PairedComparison
{
    /// <param name="candidates">Every candidate with the same number of seeds, domains and checkpoints.</param>
    /// <param name="baseline">Index of the baseline among <paramref name="candidates"/>.</param>
    /// <param name="averaged">Indices of the domains the average, the worst domain and the improved count are over.</param>
    /// <param name="steps">Checkpoint steps, ascending, matching each candidate's curve.</param>
    public static IReadOnlyList<CandidateSummary> Compare(
        IReadOnlyList<CandidateLosses> candidates, int baseline, IReadOnlyList<int> averaged, IReadOnlyList<int> steps)
    {
        if (candidates.Count == 0) throw new ArgumentException("at least one candidate is required", nameof(candidates));
        if (baseline < 0 || baseline >= candidates.Count) throw new ArgumentOutOfRangeException(nameof(baseline));
        if (averaged.Count == 0) throw new ArgumentException("at least one domain must be averaged", nameof(averaged));
        var seeds = candidates[0].Final.Length;
        if (seeds == 0) throw new ArgumentException("at least one seed is required", nameof(candidates));
        if (candidates.Any(c => c.Final.Length != seeds || c.Curve.Length != steps.Count || c.Curve.Any(point => point.Length != seeds)))
            throw new ArgumentException("every candidate needs the same seeds and checkpoints", nameof(candidates));

        var averages = candidates.Select(c => c.Final.Select(losses => Average(losses, averaged)).ToArray()).ToArray();
        var means = averages.Select(a => a.Average()).ToArray();
        var baselineFinal = means[baseline];
        return candidates.Select((candidate, c) =>
        {
            var domainDifferences = Enumerable.Range(0, candidate.Final[0].Length)
                .Select(d => Enumerable.Range(0, seeds).Average(k => candidate.Final[k][d] - candidates[baseline].Final[k][d])).ToArray();
            var domainMeans = Enumerable.Range(0, candidate.Final[0].Length).Select(d => Summarise(candidate.Final.Select(k => k[d]).ToArray())).ToArray();
            var worst = averaged.MaxBy(d => domainMeans[d].Mean);
            var reached = Enumerable.Range(0, steps.Count)
                .FirstOrDefault(i => candidate.Curve[i].Average(losses => Average(losses, averaged)) <= baselineFinal, -1);
            return new CandidateSummary(
                domainMeans,
                Summarise(averages[c]),
                worst,
                domainMeans[worst].Mean,
                1 + means.Count(m => m < means[c]),
                Difference(averages[c].Select((a, k) => a - averages[baseline][k]).ToArray()),
                domainDifferences,
                averaged.Count(d => domainDifferences[d] < 0),
                reached < 0 ? null : steps[reached]);
        }).ToList();
    }

    /// <summary>Mean and sample standard deviation (n − 1); the sd is null for one value.</summary>
    public static SeedMean Summarise(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return new SeedMean(mean, values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }

    /// <summary>The 95 % Student-t interval of the mean of paired differences.</summary>
    public static PairedDifference Difference(IReadOnlyList<double> differences)
    {
        var (mean, sd) = Summarise(differences);
        if (sd is not { } s) return new PairedDifference(mean, null, null, null, differences.Count);
        var half = StudentT.InvCDF(0, 1, differences.Count - 1, 0.975) * s / Math.Sqrt(differences.Count);
        return new PairedDifference(mean, s, mean - half, mean + half, differences.Count);
    }

    private static double Average(double[] losses, IReadOnlyList<int> domains) => domains.Average(d => losses[d]);
}
