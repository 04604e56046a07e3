using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;
using Xunit.Abstractions;

namespace ScalingApi.Api.Tests.Laws;

/// <summary>Acceptance against Epoch AI's published Chinchilla replication, through HTTP.</summary>
public sealed class ChinchillaApiTests(EpochChinchillaExperiment factory, ITestOutputHelper output) : IClassFixture<EpochChinchillaExperiment>
{
    private readonly HttpClient _client = factory.Authorized();
    private IReadOnlyDictionary<string, ParameterEstimateResponse> Parameters => factory.Fit.Parameters![0].Parameters;
    private double Value(string name) => Parameters[name].Value!.Value;

    [Fact]
    public void Matches_Epochs_best_fit_objective_and_parameters_within_one_percent()
    {
        Assert.Equal("chinchilla", factory.Fit.Law);
        var domain = Assert.Single(factory.Fit.Parameters!);
        Assert.Equal(240, domain.Diagnostics.Points);
        Assert.True(domain.Diagnostics.Objective <= 0.0010183, $"objective {domain.Diagnostics.Objective:R}");
        foreach (var (name, epoch) in new[] { ("A", 477.84), ("B", 2143.86), ("E", 1.8172), ("alpha", 0.3473), ("beta", 0.3672) })
            Assert.True(Math.Abs(Value(name) / epoch - 1) <= 0.01, $"{name} = {Value(name):R}, Epoch {epoch}");
        Assert.Equal(5, factory.Fit.ParameterCount);
        output.WriteLine($"objective {domain.Diagnostics.Objective:R}; " + string.Join("; ", Parameters.Select(p =>
            $"{p.Key} {p.Value.Value:R} [{p.Value.Interval!.Lower:R}, {p.Value.Interval.Upper:R}]")) + $"; fit {factory.Fit.ElapsedMs:F0} ms");
    }

    [Fact]
    public void Bootstrap_intervals_of_E_alpha_and_beta_overlap_Epochs()
    {
        foreach (var (name, low, high) in new[] { ("E", 1.769, 1.871), ("alpha", 0.317, 0.373), ("beta", 0.331, 0.415) })
        {
            var interval = Parameters[name].Interval!;
            Assert.True(interval.Lower < high && interval.Upper > low, $"{name} [{interval.Lower:R}, {interval.Upper:R}] vs Epoch [{low}, {high}]");
            Assert.InRange(Value(name), interval.Lower, interval.Upper);
        }
        Assert.Equal(EpochChinchillaExperiment.BootstrapResamples, factory.Fit.Bootstrap);
    }

    [Fact]
    public async Task Compute_optimal_allocation_is_the_closed_form_of_the_fitted_law()
    {
        const double flops = 5.76e23; // Gopher's budget, the Chinchilla paper's headline case
        var response = await (await _client.PostAsJsonAsync($"/api/fits/{factory.Fit.Id}/compute-optimal", new ComputeOptimalRequest(flops)))
            .Read<ComputeOptimalResponse>(HttpStatusCode.OK);
        double a = Value("A"), b = Value("B"), e = Value("E"), alpha = Value("alpha"), beta = Value("beta");
        var g = Math.Pow(alpha * a / (beta * b), 1 / (alpha + beta));
        var n = g * Math.Pow(flops / 6, beta / (alpha + beta));
        var d = Math.Pow(g, -1) * Math.Pow(flops / 6, alpha / (alpha + beta));
        Assert.Equal(1, response.Parameters.Value / n, 6);
        Assert.Equal(1, response.Tokens.Value / d, 6);
        Assert.Equal(e + a / Math.Pow(n, alpha) + b / Math.Pow(d, beta), response.Average.Loss, 9);
        Assert.InRange(response.Parameters.Value, response.Parameters.Lower, response.Parameters.Upper);
        Assert.True(response.Parameters.Upper > response.Parameters.Lower);
        Assert.Equal(EpochChinchillaExperiment.BootstrapResamples, response.BootstrapResamplesUsed);
    }

    [Fact]
    public async Task Predictions_take_the_model_size_on_each_point_and_refuse_a_point_without_it()
    {
        const double n = 1e9, tokens = 2e10;
        var mixture = new Dictionary<string, double> { ["loss"] = 1 };
        var request = new PredictionRequest([new PredictionPoint(mixture, Tokens: tokens) { Parameters = n }]);
        var response = await (await _client.PostAsJsonAsync($"/api/fits/{factory.Fit.Id}/predictions", request)).Read<PredictionResponse>(HttpStatusCode.OK);
        var expected = Value("E") + Value("A") / Math.Pow(n, Value("alpha")) + Value("B") / Math.Pow(tokens, Value("beta"));
        Assert.Equal(expected, response.Points[0].Domains["loss"].Loss, 9);
        Assert.True(response.Points[0].Domains["loss"].Lower < expected && expected < response.Points[0].Domains["loss"].Upper);

        var missing = new PredictionRequest([new PredictionPoint(mixture, Tokens: tokens)]);
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{factory.Fit.Id}/predictions", missing),
            HttpStatusCode.BadRequest, "points[0].parameters", "chinchilla");
    }

    [Fact]
    public async Task The_stored_fit_reads_back_with_the_same_parameters()
    {
        var stored = await (await _client.GetAsync($"/api/fits/{factory.Fit.Id}")).Read<FitResponse>(HttpStatusCode.OK);
        Assert.Equal(Value("alpha"), stored.Parameters![0].Parameters["alpha"].Value);
        Assert.Equal(factory.Fit.Formula, stored.Formula);
    }

    [Fact]
    public async Task Compute_optimal_and_optimal_mixture_refuse_the_wrong_kind_of_fit()
    {
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{factory.Fit.Id}/compute-optimal", new ComputeOptimalRequest(0)),
            HttpStatusCode.BadRequest, "flops");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{factory.Fit.Id}/optimal-mixture", new OptimalMixtureRequest(Steps: 10)),
            (HttpStatusCode)422, "law", "bimix");
    }
}
