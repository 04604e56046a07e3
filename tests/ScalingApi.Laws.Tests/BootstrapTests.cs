using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

public class BootstrapTests(SyntheticSweep sweep) : IClassFixture<SyntheticSweep>
{
    private BiMixFit Boot(int seed, int? threads = null, int resamples = 200) => BiMixFitter.Fit(sweep.Train,
        new BiMixFitOptions { BootstrapResamples = resamples, Seed = seed, MaxDegreeOfParallelism = threads });

    [Fact]
    public void Intervals_bracket_the_point_estimate_and_mostly_contain_the_truth()
    {
        var fit = Boot(seed: 7);
        Assert.Equal(200, fit.BootstrapLaws.Count);
        Assert.All(fit.BootstrapLaws, laws => Assert.Equal(7, laws.Count));
        var covered = 0;
        for (var i = 0; i < 7; i++)
        {
            var (d, t) = (fit.DomainFits[i], sweep.Truth[i]);
            var iv = d.Intervals!;
            Assert.InRange(d.Law.Alpha!.Value, iv.Alpha!.Lower, iv.Alpha.Upper);
            Assert.InRange(d.Law.Beta, iv.Beta.Lower, iv.Beta.Upper);
            covered += Contains(iv.Alpha, t.Alpha!.Value) ? 1 : 0;
            covered += Contains(iv.Beta, t.Beta) ? 1 : 0;
            covered += Contains(iv.B, t.B) ? 1 : 0;
            covered += Contains(iv.C, t.C) ? 1 : 0;
        }
        // 95 % intervals from only 4 runs are somewhat narrow; require most of the 28 to cover the truth.
        Assert.InRange(covered, 22, 28);
    }

    [Fact]
    public void Same_seed_gives_identical_laws_whatever_the_parallelism()
    {
        var a = Boot(seed: 3, resamples: 40);
        var b = Boot(seed: 3, threads: 1, resamples: 40);
        Assert.Equal(40, a.BootstrapLaws.Count);
        for (var k = 0; k < a.BootstrapLaws.Count; k++)
            Assert.Equal(a.BootstrapLaws[k], b.BootstrapLaws[k]);
        var c = Boot(seed: 4, resamples: 40);
        Assert.NotEqual(a.DomainFits[0].Intervals, c.DomainFits[0].Intervals);
    }

    [Fact]
    public void Resamples_never_collapse_a_domain_to_one_proportion()
    {
        // Two runs only: half of all raw draws pick the same run twice; those are redrawn.
        var twoRuns = sweep.Train with { Observations = sweep.Train.Observations.Where(o => o.Run < 2).ToList(), Runs = sweep.Train.Runs.Take(2).ToList() };
        var fit = BiMixFitter.Fit(twoRuns, new BiMixFitOptions { BootstrapResamples = 50, Seed = 9 });
        Assert.All(fit.BootstrapLaws, laws => Assert.All(laws, law => Assert.NotNull(law.Alpha)));
    }

    private static bool Contains(Interval interval, double value) => interval.Lower <= value && value <= interval.Upper;
}
