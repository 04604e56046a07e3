using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Chinchilla;

namespace ScalingApi.Laws.Tests.Chinchilla;

public class ChinchillaLawTests
{
    private static readonly ChinchillaLawParameters Truth = new(A: 400, B: 1800, E: 1.7, Alpha: 0.34, Beta: 0.28);

    /// <summary>One run per (N, D) on a 5 × 6 grid, one domain, losses from <see cref="Truth"/> (noise-free unless asked).</summary>
    private static BiMixData Grid(double relativeNoise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var points = (from n in new[] { 1e7, 4e7, 1.6e8, 6.4e8, 2.5e9 } from d in new[] { 1e9, 3e9, 1e10, 3e10, 1e11, 3e11 } select (n, d)).ToList();
        return new BiMixData(["web"],
            points.Select((p, k) => new RunMixture($"r{k}", [1.0]) { Parameters = p.n }).ToList(),
            points.Select((p, k) => new LossObservation(k, 0, p.d / 1000, Truth.Predict(p.n, p.d) * (1 + relativeNoise * (2 * random.NextDouble() - 1)))).ToList());
    }

    private static readonly LawFitOptions Options = new() { TokensPerStep = 1000, BootstrapResamples = 0 };

    [Fact]
    public void Recovers_the_law_that_generated_noise_free_data()
    {
        var fit = (FittedChinchilla)new ChinchillaLaw().Fit(Grid(), Options);
        var law = fit.DomainFits[0].Law;
        Assert.Equal(Truth.Alpha, law.Alpha, 4);
        Assert.Equal(Truth.Beta, law.Beta, 4);
        Assert.Equal(Truth.E, law.E, 3);
        Assert.InRange(law.A / Truth.A, 0.99, 1.01);
        Assert.InRange(law.B / Truth.B, 0.99, 1.01);
        Assert.True(fit.DomainFits[0].Diagnostics.Converged);
        Assert.Equal(["A", "B", "E", "alpha", "beta"], ((IFittedLaw)fit).ParameterNames);
    }

    [Fact]
    public void Steps_become_tokens_through_tokens_per_step()
    {
        var fit = new ChinchillaLaw().Fit(Grid(), Options);
        // step 1e7 at 1000 tokens per step = 1e10 tokens
        Assert.Equal(Truth.Predict(1.6e8, 1e10), fit.PredictDomain(0, new LawPoint([1.0], 1e7) { Parameters = 1.6e8 }), 4);
        var e = Assert.Throws<ArgumentException>(() => fit.PredictDomain(0, new LawPoint([1.0], 1e7)));
        Assert.Equal("parameters", e.ParamName);
    }

    [Fact]
    public void Compute_optimal_allocation_equals_the_closed_form_for_one_domain()
    {
        var fit = (FittedChinchilla)new ChinchillaLaw().Fit(Grid(relativeNoise: 0.002), Options with { BootstrapResamples = 30, Seed = 3 });
        var law = fit.DomainFits[0].Law;
        const double flops = 1e21;
        var g = Math.Pow(law.Alpha * law.A / (law.Beta * law.B), 1 / (law.Alpha + law.Beta));
        var n = g * Math.Pow(flops / 6, law.Beta / (law.Alpha + law.Beta));
        var allocation = ComputeOptimal.Allocate(fit, flops);
        Assert.Equal(1, allocation.Parameters.Loss / n, 6);
        Assert.Equal(1, allocation.Tokens.Loss * 6 * n / flops, 6);
        Assert.Equal(law.Predict(n, flops / (6 * n)), allocation.Loss.Average.Loss, 8);
        Assert.True(allocation.Parameters.Lower < n && n < allocation.Parameters.Upper);
    }

    [Fact]
    public void Says_why_it_does_not_apply()
    {
        var law = new ChinchillaLaw();
        var data = Grid();
        Assert.Contains("tokensPerStep", law.Inapplicable(data, Options with { TokensPerStep = null }));
        var undeclared = data with { Runs = data.Runs.Select(r => r with { Parameters = null }).ToList() };
        Assert.Contains("parameters", law.Inapplicable(undeclared, Options));
        Assert.Throws<InsufficientDataException>(() => law.Fit(undeclared, Options));
        Assert.Null(law.Inapplicable(data, Options));
    }
}
