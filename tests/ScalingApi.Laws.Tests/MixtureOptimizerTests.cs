using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Laws.Tests;

public class MixtureOptimizerTests
{
    private static readonly DomainLaw[] Laws =
    [
        new(1, 6, 2.5, 0.08, 0.35) { Domain = "a" },
        new(1, 3, 1.2, 0.25, 0.5) { Domain = "b" },
        new(1, 9, 1.8, 0.15, 0.3) { Domain = "c" },
    ];
    private static readonly double[] Weights = [0.5, 0.3, 0.2];
    private const double Step = 50_000;

    private static double Objective(IReadOnlyList<double> r) =>
        Enumerable.Range(0, 3).Sum(i => Weights[i] * Laws[i].Predict(r[i], Step));

    /// <summary>Best point of a simplex grid with spacing h (inside the optional bounds).</summary>
    private static (double[] R, double Value) BruteForce(double h, ProportionBounds[]? bounds = null)
    {
        var n = (int)Math.Round(1 / h);
        (double[] R, double Value) best = ([], double.PositiveInfinity);
        for (var a = 1; a < n; a++)
            for (var b = 1; a + b < n; b++)
            {
                double[] r = [a * h, b * h, 1 - (a + b) * h];
                if (bounds is not null && r.Where((x, i) => x < bounds[i].Min - 1e-12 || x > bounds[i].Max + 1e-12).Any()) continue;
                var v = Objective(r);
                if (v < best.Value) best = (r, v);
            }
        return best;
    }

    [Fact]
    public void Matches_a_fine_brute_force_simplex_grid()
    {
        var r = MixtureOptimizer.Optimize(Laws, Step, Weights);
        var (grid, gridValue) = BruteForce(0.001);
        Assert.Equal(1.0, r.Sum(), 12);
        Assert.True(Objective(r) <= gridValue + 1e-12);
        for (var i = 0; i < 3; i++) Assert.InRange(Math.Abs(grid[i] - r[i]), 0, 0.001); // within one grid spacing
    }

    [Fact]
    public void Respects_box_bounds_and_matches_the_grid_inside_them()
    {
        ProportionBounds[] bounds = [new(0.0, 0.25), new(0.2, 1.0), new(0.3, 0.6)];
        var r = MixtureOptimizer.Optimize(Laws, Step, Weights, bounds);
        for (var i = 0; i < 3; i++) Assert.InRange(r[i], bounds[i].Min, bounds[i].Max);
        Assert.Equal(1.0, r.Sum(), 12);
        var (grid, gridValue) = BruteForce(0.001, bounds);
        Assert.True(Objective(r) <= gridValue + 1e-12);
        for (var i = 0; i < 3; i++) Assert.InRange(Math.Abs(grid[i] - r[i]), 0, 0.001); // within one grid spacing
        Assert.Equal(0.25, r[0], 12); // the unconstrained optimum puts more on "a": the cap binds
    }

    [Fact]
    public void Weight_scale_does_not_change_the_optimum()
    {
        var a = MixtureOptimizer.Optimize(Laws, Step, Weights);
        var b = MixtureOptimizer.Optimize(Laws, Step, Weights.Select(w => w * 7).ToArray());
        for (var i = 0; i < 3; i++) Assert.Equal(a[i], b[i], 12);
    }

    public static TheoryData<ProportionBounds[]> Infeasible => new()
    {
        new ProportionBounds[] { new(0.5, 1), new(0.4, 1), new(0.2, 1) },  // Σ min > 1
        new ProportionBounds[] { new(0, 0.3), new(0, 0.3), new(0, 0.3) },  // Σ max < 1
        new ProportionBounds[] { new(0.6, 0.5), new(0, 1), new(0, 1) },    // min > max
        new ProportionBounds[] { new(-0.1, 1), new(0, 1), new(0, 1) },     // outside [0, 1]
        new ProportionBounds[] { new(0, 1.5), new(0, 1), new(0, 1) },
        new ProportionBounds[] { new(0, double.NaN), new(0, 1), new(0, 1) },
    };

    [Theory]
    [MemberData(nameof(Infeasible))]
    public void Infeasible_bounds_throw(ProportionBounds[] bounds) =>
        Assert.Throws<InfeasibleBoundsException>(() => MixtureOptimizer.Optimize(Laws, Step, Weights, bounds));

    [Fact]
    public void Unknown_alpha_is_refused()
    {
        DomainLaw[] laws = [Laws[0], Laws[1] with { Alpha = null }, Laws[2]];
        Assert.Equal("b", Assert.Throws<AlphaUnavailableException>(() => MixtureOptimizer.Optimize(laws, Step, Weights)).Domain);
    }

    [Fact]
    public void DataLimitUpperBound_is_epochs_times_unique_tokens_over_total_capped_at_one()
    {
        Assert.Equal(0.08, MixtureOptimizer.DataLimitUpperBound(2e9, 4, 1e11), 12);
        Assert.Equal(1.0, MixtureOptimizer.DataLimitUpperBound(1e12, 4, 1e11));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureOptimizer.DataLimitUpperBound(1e9, 4, 0));
    }
}
