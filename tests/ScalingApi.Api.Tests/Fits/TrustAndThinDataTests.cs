using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Infrastructure.SyntheticSweep;

namespace ScalingApi.Api.Tests.Fits;

/// <summary>Issue 11's defects on thin data: a one-run fit, a domain whose alpha cannot be told from 0.</summary>
public sealed class ThinDataTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    /// <summary>One experiment, the given runs (name → (a, b, c) proportions), losses from the given per-domain laws with 0.2 % noise.</summary>
    private async Task<long> Experiment(IReadOnlyList<(string Name, double[] Mixture)> runs, (double B, double C, double Alpha, double Beta)[] laws)
    {
        var experiment = await _client.CreateExperiment(["a", "b", "c"], tokens: [1e9, 1e9, 1e9]);
        var random = new Random(5);
        var csv = new StringBuilder("run,step,domain,loss\n");
        foreach (var (name, mixture) in runs)
        {
            await _client.CreateRun(experiment.Id, name, new Dictionary<string, double> { ["a"] = mixture[0], ["b"] = mixture[1], ["c"] = mixture[2] });
            foreach (var step in Steps)
                for (var i = 0; i < 3; i++)
                {
                    var (b, c, alpha, beta) = laws[i];
                    var noise = 1 + 2e-3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    var loss = Math.Pow(mixture[i], -alpha) * (b * Math.Pow(step, -beta) + c) * noise;
                    csv.Append(CultureInfo.InvariantCulture, $"{name},{step},{"abc"[i]},{loss:R}\n");
                }
        }
        await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        return experiment.Id;
    }

    private static readonly (double, double, double, double)[] Laws = [(6, 2, 0.1, 0.4), (5, 1.5, 0.2, 0.3), (7, 2.5, 0.15, 0.35)];

    private async Task<FitResponse> OneRunFit()
    {
        var id = await Experiment([("only", [0.5, 0.3, 0.2])], Laws);
        return await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix", Bootstrap: 60, Seed: 3)))
            .Read<FitResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task One_run_fit_has_non_zero_intervals_and_a_warning()
    {
        var fit = await OneRunFit();

        // Defect: every resample of one run is that run, so b came back as e.g. [6.1309, 6.1309].
        Assert.All(fit.Domains, d =>
        {
            Assert.Null(d.Alpha);
            Assert.True(d.Intervals!.B.Upper > d.Intervals.B.Lower * (1 + 1e-6), $"{d.Domain}: b interval [{d.Intervals.B.Lower}, {d.Intervals.B.Upper}] has zero width");
            Assert.True(d.Intervals.Beta.Upper > d.Intervals.Beta.Lower);
            Assert.InRange(d.B, d.Intervals.B.Lower, d.Intervals.B.Upper);
        });
        Assert.Equal("parametric-bootstrap", fit.IntervalMethod);
        Assert.Contains(fit.Warnings!, w => w.Contains("single run"));
    }

    [Fact]
    public async Task One_run_fit_predicts_at_its_own_mixture_and_refuses_elsewhere()
    {
        var fit = await OneRunFit();
        // Defect: a prediction at the very proportion the note says the law is valid at was refused with 422.
        var atItsMixture = new PredictionRequest([new PredictionPoint(new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.3, ["c"] = 0.2 }, Steps: 200_000)]);
        var prediction = await (await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", atItsMixture)).Read<PredictionResponse>(HttpStatusCode.OK);
        var a = prediction.Points[0].Domains["a"];
        Assert.Equal(Math.Pow(0.5, -0.1) * (6 * Math.Pow(200_000, -0.4) + 2), a.Loss, 0.01);
        Assert.True(a.Lower < a.Loss && a.Loss < a.Upper);
        Assert.Equal(1.0, prediction.Points[0].Extrapolation!.StepsMultiple!.Value, 9);
        Assert.Empty(prediction.Points[0].Extrapolation!.ProportionsOutside);

        // Anywhere else alpha is needed: still refused, naming the domains.
        var elsewhere = new PredictionRequest([new PredictionPoint(new Dictionary<string, double> { ["a"] = 0.4, ["b"] = 0.3, ["c"] = 0.3 }, Steps: 1000)]);
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", elsewhere), HttpStatusCode.UnprocessableEntity, "fit.alpha.a", "single proportion");
    }

    [Fact]
    public async Task Optimizer_does_not_put_zero_on_a_domain_whose_alpha_is_at_its_edge()
    {
        // c's loss does not depend on its proportion (alpha = 0): the fit puts alpha on its lower edge.
        (double, double, double, double)[] laws = [(6, 2, 0.1, 0.4), (5, 1.5, 0.2, 0.3), (7, 2.5, 0.0, 0.35)];
        var id = await Experiment([("r0", [0.5, 0.3, 0.2]), ("r1", [0.3, 0.5, 0.2]), ("r2", [0.2, 0.2, 0.6]), ("r3", [0.4, 0.2, 0.4])], laws);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix", Bootstrap: 60, Seed: 1)))
            .Read<FitResponse>(HttpStatusCode.Created);

        var response = await (await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/optimal-mixture", new OptimalMixtureRequest(Steps: 200_000)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        // Defect: c got proportion 0 ("learned 0 [0, 0.961]").
        Assert.InRange(response.Optimal.Mixture["c"].Value, 0.2, 0.6);
        Assert.InRange(response.Optimal.Mixture["c"].Lower, 0.2 - 1e-9, 0.6 + 1e-9);
        Assert.Contains("c", response.TrustRegion!.Undetermined.Keys);

        var c = fit.Domains.Single(d => d.Domain == "c");
        Assert.True(c.AlphaUnresolved, $"alpha {c.Alpha} [{c.Intervals!.Alpha!.Lower}, {c.Intervals.Alpha.Upper}]");
        Assert.Contains(fit.Warnings!, w => w.Contains("cannot be told from 0") && w.Contains('c'));
        Assert.Equal(1.0, response.Optimal.Mixture.Values.Sum(p => p.Value), 6);
    }
}
