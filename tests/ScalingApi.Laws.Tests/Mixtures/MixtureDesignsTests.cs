using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Laws.Tests.Mixtures;

public sealed class MixtureDesignsTests
{
    private static readonly double[] Natural = [0.6, 0.3, 0.1];

    [Theory]
    [InlineData(10.0)] // every Gamma shape ≥ 1 except 1.0 → Marsaglia–Tsang
    [InlineData(1.0)]  // shapes 0.6, 0.3, 0.1 < 1 → the boost path
    public void Dirichlet_draws_have_the_dirichlet_mean_and_variance(double concentration)
    {
        const int n = 40_000;
        var draws = MixtureDesigns.Dirichlet(Natural, concentration, n, seed: 11);
        Assert.Equal(n, draws.Count);
        Assert.All(draws, d => Assert.Equal(1.0, d.Sum(), 1e-12));
        for (var i = 0; i < Natural.Length; i++)
        {
            var values = draws.Select(d => d[i]).ToArray();
            var mean = values.Average();
            var variance = values.Select(v => (v - mean) * (v - mean)).Sum() / (n - 1);
            var expectedVariance = Natural[i] * (1 - Natural[i]) / (concentration + 1);
            // the mean's standard error is sqrt(variance / n) ≤ 0.0025 here
            Assert.InRange(mean, Natural[i] - 0.01, Natural[i] + 0.01);
            Assert.InRange(variance, 0.9 * expectedVariance, 1.1 * expectedVariance);
        }
    }

    [Fact]
    public void Dirichlet_is_reproducible_by_seed()
    {
        var a = MixtureDesigns.Dirichlet(Natural, 5, 4, seed: 1);
        var b = MixtureDesigns.Dirichlet(Natural, 5, 4, seed: 1);
        var c = MixtureDesigns.Dirichlet(Natural, 5, 4, seed: 2);
        Assert.Equal(a, b);
        Assert.NotEqual(a[0], c[0]);
    }

    [Fact]
    public void Dirichlet_keeps_a_zero_share_at_zero()
    {
        var draws = MixtureDesigns.Dirichlet([0.5, 0.0, 0.5], 3, 100, seed: 5);
        Assert.All(draws, d => Assert.Equal(0.0, d[1]));
    }

    [Fact]
    public void One_up_multiplies_one_share_and_renormalises_the_rest()
    {
        var mixtures = MixtureDesigns.OneUp(Natural, 2);
        Assert.Equal(3, mixtures.Count);
        Assert.Equal([1.2 / 1.6, 0.3 / 1.6, 0.1 / 1.6], mixtures[0], new Tolerance(1e-15));
        Assert.Equal([0.6 / 1.3, 0.6 / 1.3, 0.1 / 1.3], mixtures[1], new Tolerance(1e-15));
        Assert.Equal([0.6 / 1.1, 0.3 / 1.1, 0.2 / 1.1], mixtures[2], new Tolerance(1e-15));
    }

    [Fact]
    public void Natural_shares_are_token_fractions()
    {
        Assert.Equal([0.5, 0.25, 0.25], MixtureDesigns.NaturalShares([2e9, 1e9, 1e9]));
        Assert.Throws<ArgumentException>(() => MixtureDesigns.NaturalShares([1, 0]));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureDesigns.Dirichlet(Natural, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureDesigns.Dirichlet(Natural, 1, 0, 1));
        Assert.Throws<ArgumentException>(() => MixtureDesigns.Dirichlet([0.5, 0.6], 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureDesigns.OneUp(Natural, double.NaN));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(double obj) => 0;
    }
}
