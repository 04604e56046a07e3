using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Laws.Tests;

public class WeightingSchemeTests
{
    [Fact]
    public void Entropy_softmax_offsets_equal_log_share_offsets()
    {
        // docs/science.md §2: under r = softmax(H), H_i − mean H = ln r_i − mean ln r. Use the SlimPajama CE offsets.
        double[] offsets = [-0.627, 0.228, 0.447, 0.493, -0.388, -0.121, -0.032];
        var entropies = offsets.Select(o => 5.0 + o).ToArray();
        var r = EntropyMixture.FromEntropies(entropies);
        var meanLog = r.Average(x => Math.Log(x));
        Assert.Equal(1.0, r.Sum(), 12);
        for (var i = 0; i < r.Length; i++)
            Assert.Equal(offsets[i] - offsets.Average(), Math.Log(r[i]) - meanLog, 10);
        // The paper's CE column, reproduced from the offsets to the table's 3 significant digits.
        double[] paperCe = [0.0710, 0.1669, 0.2079, 0.2175, 0.0902, 0.1177, 0.1287];
        for (var i = 0; i < r.Length; i++) Assert.Equal(paperCe[i], r[i], 3);
    }

    [Fact]
    public void Entropy_softmax_is_stable_for_huge_entropies_and_honours_temperature()
    {
        var r = EntropyMixture.FromEntropies([1000, 1001], temperature: 1);
        Assert.Equal(1 / (1 + Math.E), r[0], 12);
        var flat = EntropyMixture.FromEntropies([1, 2, 3], temperature: 1e6);
        Assert.All(flat, x => Assert.Equal(1.0 / 3, x, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => EntropyMixture.FromEntropies([1, 2], 0));
    }

    [Fact]
    public void DoReMi_update_matches_the_golden_vector()
    {
        var next = DoReMiWeights.Update([1.0 / 3, 1.0 / 3, 1.0 / 3], [0.5, 0.1, 0.0], eta: 1, smoothing: 1e-3);
        Assert.Equal(0.439097, next[0], 6);
        Assert.Equal(0.294446, next[1], 6);
        Assert.Equal(0.266457, next[2], 6);
        Assert.Equal(1.0, next.Sum(), 12);
    }

    [Fact]
    public void Chameleon_scores_and_weights_match_the_golden_vectors()
    {
        double[][] x = [[1, 0, 0], [0.8, 0.2, 0], [0, 1, 0], [0, 0, 1]];
        var s = ChameleonWeights.LeverageScores(x, ridge: 10);
        Assert.Equal([0.200872, 0.086042, 0.334858, 0.378229], s.Select(v => Math.Round(v, 6)));
        Assert.Equal([0.164614, 0.621660, 0.110521, 0.103205], ChameleonWeights.PretrainingWeights(s).Select(v => Math.Round(v, 6)));
        Assert.Equal([0.168220, 0.094739, 0.328719, 0.408322], ChameleonWeights.FineTuningWeights(s).Select(v => Math.Round(v, 6)));
    }
}
