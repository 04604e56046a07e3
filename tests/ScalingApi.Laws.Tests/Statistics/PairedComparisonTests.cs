using ScalingApi.Laws.Statistics;
using Xunit;

namespace ScalingApi.Laws.Tests.Statistics;

/// <summary>Every expected value below was computed by hand (shown in the comments), not by the code under test.</summary>
public class PairedComparisonTests
{
    // Two domains, three seeds, checkpoints at steps 10, 20, 30 (30 is the final one).
    private static readonly CandidateLosses Baseline = new(
        [[3.0, 2.0], [3.2, 2.2], [3.1, 1.9]],                  // averages 2.5, 2.7, 2.5 → mean 7.7/3 = 2.566667
        [Same(3.2), Same(2.7), [[3.0, 2.0], [3.2, 2.2], [3.1, 1.9]]]);

    private static readonly CandidateLosses Better = new(
        [[2.8, 2.1], [3.0, 2.2], [2.9, 1.9]],                  // averages 2.45, 2.6, 2.4 → mean 7.45/3 = 2.483333
        [Same(3.0), [[2.55, 2.55], [2.6, 2.6], [2.5, 2.5]], [[2.8, 2.1], [3.0, 2.2], [2.9, 1.9]]]);

    private static readonly int[] Steps = [10, 20, 30];

    private static double[][] Same(double loss) => [[loss, loss], [loss, loss], [loss, loss]];

    [Fact]
    public void PairedDifferenceHasTheStudentTIntervalOfTheSeedBySeedDifferences()
    {
        var summary = PairedComparison.Compare([Baseline, Better], baseline: 0, averaged: [0, 1], Steps)[1];

        // differences of the averages: −0.05, −0.1, −0.1; mean −0.083333
        // sd = sqrt((0.033333² + 0.016667² + 0.016667²) / 2) = sqrt(0.00166667 / 2) = 0.0288675
        // half width = t(0.975, 2) · sd / √3 = 4.302653 · 0.0166667 = 0.0717109
        Assert.Equal(-0.0833333, summary.VersusBaseline.Mean, 6);
        Assert.Equal(0.0288675, summary.VersusBaseline.Sd!.Value, 6);
        Assert.Equal(-0.1550442, summary.VersusBaseline.Lower!.Value, 6);
        Assert.Equal(-0.0116224, summary.VersusBaseline.Upper!.Value, 6);
        Assert.Equal(3, summary.VersusBaseline.Seeds);
        Assert.True(summary.VersusBaseline.Better);
        Assert.False(summary.VersusBaseline.Worse);
    }

    [Fact]
    public void PerDomainMeansSdsWorstDomainRankAndImprovedDomains()
    {
        var summaries = PairedComparison.Compare([Baseline, Better], baseline: 0, averaged: [0, 1], Steps);
        var better = summaries[1];

        // domain 0: 2.8, 3.0, 2.9 → mean 2.9, sd 0.1; domain 1: 2.1, 2.2, 1.9 → mean 2.066667, sd sqrt(0.046667/2) = 0.152753
        Assert.Equal(2.9, better.Domains[0].Mean, 9);
        Assert.Equal(0.1, better.Domains[0].Sd!.Value, 9);
        Assert.Equal(2.0666667, better.Domains[1].Mean, 6);
        Assert.Equal(0.15275252, better.Domains[1].Sd!.Value, 6);
        Assert.Equal(2.4833333, better.Average.Mean, 6);
        // averages 2.45, 2.6, 2.4: sd = sqrt((0.033333² + 0.116667² + 0.083333²) / 2) = sqrt(0.021667 / 2) = 0.104083
        Assert.Equal(0.1040833, better.Average.Sd!.Value, 6);
        Assert.Equal(0, better.WorstDomain);
        Assert.Equal(2.9, better.WorstLoss, 9);
        // domain 0 lower by 0.2 on every seed, domain 1 higher by (0.1 + 0 + 0) / 3
        Assert.Equal(-0.2, better.DomainDifferences[0], 9);
        Assert.Equal(0.0333333, better.DomainDifferences[1], 6);
        Assert.Equal(1, better.DomainsImproved);
        Assert.Equal(1, better.Rank);
        Assert.Equal(2, summaries[0].Rank);
    }

    [Fact]
    public void StepsToBaselineIsTheFirstCheckpointAtOrBelowTheBaselinesFinalAverage()
    {
        var summaries = PairedComparison.Compare([Baseline, Better], baseline: 0, averaged: [0, 1], Steps);

        // the better candidate's mean average at step 20 is (2.55 + 2.6 + 2.5) / 3 = 2.55 ≤ 2.566667
        Assert.Equal(20, summaries[1].StepsToBaseline);
        Assert.Equal(30, summaries[0].StepsToBaseline);
        // the other way round, the baseline never reaches the better candidate's 2.483333
        Assert.Null(PairedComparison.Compare([Baseline, Better], baseline: 1, averaged: [0, 1], Steps)[0].StepsToBaseline);
        // the baseline against itself: a difference of exactly 0 with a zero-width interval
        Assert.Equal(0, summaries[0].VersusBaseline.Mean);
        Assert.Equal(0, summaries[0].VersusBaseline.Upper);
    }

    [Fact]
    public void AveragingOverASubsetOfDomainsIgnoresTheOthers()
    {
        // over domain 1 alone the better candidate is worse: 2.066667 against the baseline's (2.0 + 2.2 + 1.9) / 3 = 2.033333
        var summaries = PairedComparison.Compare([Baseline, Better], baseline: 0, averaged: [1], Steps);
        Assert.Equal(2.0333333, summaries[0].Average.Mean, 6);
        Assert.Equal(0.0333333, summaries[1].VersusBaseline.Mean, 6);
        Assert.Equal(2, summaries[1].Rank);
        Assert.Equal(0, summaries[1].DomainsImproved);
        Assert.Equal(1, summaries[1].WorstDomain);
    }

    [Fact]
    public void OneSeedHasNoSdAndNoInterval()
    {
        var a = new CandidateLosses([[2.0, 3.0]], [[[2.0, 3.0]]]);
        var b = new CandidateLosses([[1.5, 3.5]], [[[1.5, 3.5]]]);
        var summary = PairedComparison.Compare([a, b], 0, [0, 1], [100])[1];
        Assert.Null(summary.Average.Sd);
        Assert.Equal(0, summary.VersusBaseline.Mean, 12);
        Assert.Null(summary.VersusBaseline.Lower);
        Assert.Null(summary.VersusBaseline.Better);
    }

    [Fact]
    public void MismatchedSeedsAreRefused() =>
        Assert.Throws<ArgumentException>(() => PairedComparison.Compare(
            [Baseline, new CandidateLosses([[1.0, 1.0]], [[[1.0, 1.0]], [[1.0, 1.0]], [[1.0, 1.0]]])], 0, [0, 1], Steps));
}
