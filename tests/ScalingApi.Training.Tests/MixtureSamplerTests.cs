using ScalingApi.Training.Data;

namespace ScalingApi.Training.Tests;

public class MixtureSamplerTests
{
    [Fact]
    public void DomainFrequenciesFollowTheMixture()
    {
        var domains = SyntheticDomains.Three();
        var sampler = new MixtureSampler(domains, [0.6, 0.3, 0.1], context: 16, seed: 11);
        var counts = new int[3];
        var rows = new int[64];
        var tokens = new long[64 * 17];
        for (var b = 0; b < 200; b++)
        {
            sampler.NextBatch(tokens, rows);
            foreach (var d in rows) counts[d]++;
        }
        var total = 200.0 * 64;
        // 12 800 draws: binomial standard deviation ≤ 0.0044, so ±0.02 is > 4σ.
        Assert.Equal(0.6, counts[0] / total, 0.02);
        Assert.Equal(0.3, counts[1] / total, 0.02);
        Assert.Equal(0.1, counts[2] / total, 0.02);
    }

    [Fact]
    public void EachRowIsAContiguousWindowOfItsDomain()
    {
        var domains = SyntheticDomains.Three();
        var sampler = new MixtureSampler(domains, [1, 1, 1], context: 8, seed: 3);
        var rows = new int[16];
        var tokens = new long[16 * 9];
        sampler.NextBatch(tokens, rows);
        for (var r = 0; r < rows.Length; r++)
        {
            var window = tokens.Skip(r * 9).Take(9).Select(t => (int)t).ToArray();
            var stream = domains[rows[r]].Train.ToArray();
            Assert.Contains(Enumerable.Range(0, stream.Length - 8), s => stream.AsSpan(s, 9).SequenceEqual(window));
        }
    }

    [Fact]
    public void RestoredStateContinuesWithTheSameBatches()
    {
        var domains = SyntheticDomains.Three();
        var original = new MixtureSampler(domains, [0.5, 0.25, 0.25], context: 8, seed: 5);
        var rows = new int[4];
        var tokens = new long[4 * 9];
        for (var i = 0; i < 3; i++) original.NextBatch(tokens, rows);
        var saved = original.State;
        original.NextBatch(tokens, rows);
        var expected = tokens.ToArray();

        var resumed = new MixtureSampler(domains, [0.5, 0.25, 0.25], context: 8, seed: 5);
        resumed.Restore(saved);
        resumed.NextBatch(tokens, rows);
        Assert.Equal(expected, tokens);
    }

    [Fact]
    public void SameSeedGivesEveryMixtureTheSameWindowsOfEachDomainInTheSameOrder()
    {
        // The paired design of comparisons: the mixture decides how many windows of a domain are drawn,
        // never which ones, so the windows one mixture draws from a domain begin those another draws.
        var domains = SyntheticDomains.Three();
        var heavy = WindowsByDomain(new MixtureSampler(domains, [0.8, 0.1, 0.1], context: 8, seed: 21), batches: 20);
        var light = WindowsByDomain(new MixtureSampler(domains, [0.2, 0.4, 0.4], context: 8, seed: 21), batches: 20);
        for (var d = 0; d < domains.Count; d++)
        {
            var common = Math.Min(heavy[d].Count, light[d].Count);
            Assert.True(common >= 10, $"domain {d}: only {common} windows in common");
            Assert.Equal(heavy[d].Take(common), light[d].Take(common));
        }
    }

    [Fact]
    public void RestoredStateKeepsEachDomainsWindowOrder()
    {
        var domains = SyntheticDomains.Three();
        var rows = new int[8];
        var tokens = new long[8 * 9];
        var uninterrupted = new MixtureSampler(domains, [0.3, 0.3, 0.4], context: 8, seed: 13);
        for (var i = 0; i < 5; i++) uninterrupted.NextBatch(tokens, rows);
        var saved = uninterrupted.State;
        uninterrupted.NextBatch(tokens, rows);
        var expected = tokens.ToArray();

        var resumed = new MixtureSampler(domains, [0.3, 0.3, 0.4], context: 8, seed: 13);
        resumed.Restore(saved);
        resumed.NextBatch(tokens, rows);
        Assert.Equal(expected, tokens);
    }

    private static List<string>[] WindowsByDomain(MixtureSampler sampler, int batches)
    {
        var windows = Enumerable.Range(0, 3).Select(_ => new List<string>()).ToArray();
        var rows = new int[16];
        var tokens = new long[16 * 9];
        for (var b = 0; b < batches; b++)
        {
            sampler.NextBatch(tokens, rows);
            for (var r = 0; r < rows.Length; r++) windows[rows[r]].Add(string.Join(",", tokens.Skip(r * 9).Take(9)));
        }
        return windows;
    }

    [Fact]
    public void ZeroWeightDomainIsNeverDrawn()
    {
        var sampler = new MixtureSampler(SyntheticDomains.Three(), [1, 0, 1], context: 8, seed: 9);
        var rows = new int[256];
        sampler.NextBatch(new long[256 * 9], rows);
        Assert.DoesNotContain(1, rows);
    }

    [Fact]
    public void MixtureOfWrongLengthNamesTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => new MixtureSampler(SyntheticDomains.Three(), [1, 1], 8, 1));
        Assert.Equal("mixture", error.ParamName);
    }
}
