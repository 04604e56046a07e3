using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Laws;

/// <summary>dml fits and law comparisons over HTTP, on noise-free BiMix curves (checkpoints 10…200) of two domains.</summary>
public sealed class LawComparisonTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly (double B, double C, double Alpha, double Beta)[] Truth = [(6, 2.0, 0.10, 0.40), (5, 1.5, 0.20, 0.30)];
    private static readonly double[] ShareOfA = [0.2, 0.35, 0.5, 0.65, 0.8];
    private readonly HttpClient _client = factory.Authorized();

    private async Task<long> Experiment(int runs)
    {
        var id = (await _client.CreateExperiment(["a", "b"], tokensPerStep: 1024)).Id;
        var curves = new KnownLawCurves(["a", "b"], Truth);
        foreach (var share in ShareOfA.Take(runs))
        {
            var mixture = new Dictionary<string, double> { ["a"] = share, ["b"] = 1 - share };
            await _client.CreateRun(id, $"mix-{share}", mixture);
            curves.Add($"mix-{share}", mixture);
        }
        await (await _client.PostRaw($"/api/experiments/{id}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Dml_refuses_too_few_mixtures_saying_how_many_more_runs_it_needs()
    {
        var id = await Experiment(runs: 3);
        var fitsBefore = factory.CountRows("fits");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("dml")),
            (HttpStatusCode)422, "law", "add 1 more run(s)");
        Assert.Equal(fitsBefore, factory.CountRows("fits"));
    }

    [Fact]
    public async Task Dml_fits_at_the_common_last_step_and_predicts_there_only()
    {
        var id = await Experiment(runs: 5);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("dml", Bootstrap: 20)))
            .Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal(["c", "k", "t[a]", "t[b]"], fit.Parameters![0].Parameters.Keys.ToArray());
        Assert.Equal(2 * 3, fit.ParameterCount);

        var mixture = new Dictionary<string, double> { ["a"] = 0.42, ["b"] = 0.58 };
        var prediction = await (await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions",
            new PredictionRequest([new PredictionPoint(mixture, Steps: 200)]))).Read<PredictionResponse>(HttpStatusCode.OK);
        var truthA = Math.Pow(0.42, -Truth[0].Alpha) * (Truth[0].B * Math.Pow(200, -Truth[0].Beta) + Truth[0].C);
        Assert.InRange(prediction.Points[0].Domains["a"].Loss / truthA, 0.995, 1.005);

        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions",
            new PredictionRequest([new PredictionPoint(mixture, Steps: 100)])), HttpStatusCode.BadRequest, "points[0].steps", "step 200");
    }

    [Fact]
    public async Task Comparison_scores_each_applicable_law_on_the_same_held_out_run_and_explains_the_others()
    {
        var id = await Experiment(runs: 5);
        var request = new LawComparisonRequest(["bimix", "chinchilla", "dml"], new HoldoutSpec("runs", ["mix-0.35"]));
        var comparison = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/law-comparisons", request))
            .Read<LawComparisonResponse>(HttpStatusCode.OK);

        Assert.Equal(["bimix", "chinchilla", "dml"], comparison.Laws.Select(l => l.Law));
        var bimix = comparison.Laws[0];
        Assert.True(bimix.Applicable);
        Assert.Equal(8, bimix.ParameterCount);
        Assert.InRange(bimix.RelativeError!.Mean!.Value, 0, 1e-4); // the curves are BiMix's own
        Assert.InRange(bimix.LogR2!.Worst!.Value, 0.999, 1);

        var chinchilla = comparison.Laws[1];
        Assert.False(chinchilla.Applicable);
        Assert.Contains("parameters", chinchilla.Reason);

        var dml = comparison.Laws[2];
        Assert.True(dml.Applicable, dml.Reason);
        Assert.Equal(6, dml.ParameterCount);
        Assert.True(dml.RelativeError!.Mean > bimix.RelativeError.Mean);
        Assert.Null(dml.LogR2); // one checkpoint per held-out run at the law's step: R² is undefined
        Assert.Contains("log R²", dml.Unscored!["a"]);

        Assert.Equal("bimix", comparison.Winner);
        Assert.Equal(["mix-0.2", "mix-0.5", "mix-0.65", "mix-0.8"], comparison.TrainingRuns);
    }

    [Fact]
    public async Task Comparison_and_fit_requests_name_the_bad_field()
    {
        var id = await Experiment(runs: 3);
        var url = $"/api/experiments/{id}/law-comparisons";
        await ProblemAssert.Is(await _client.PostAsJsonAsync(url, new LawComparisonRequest([], new HoldoutSpec("last-step"))), HttpStatusCode.BadRequest, "laws");
        await ProblemAssert.Is(await _client.PostAsJsonAsync(url, new LawComparisonRequest(["bimix", "kaplan"], new HoldoutSpec("last-step"))),
            HttpStatusCode.BadRequest, "laws[1]", "chinchilla");
        await ProblemAssert.Is(await _client.PostAsJsonAsync(url, new LawComparisonRequest(["bimix", "bimix"], new HoldoutSpec("last-step"))),
            HttpStatusCode.BadRequest, "laws[1]", "twice");
        await ProblemAssert.Is(await _client.PostRaw(url, """{"laws":["bimix"]}"""), HttpStatusCode.BadRequest, "holdout");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("kaplan")),
            HttpStatusCode.BadRequest, "law", "dml");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix") { AtStep = 100 }),
            HttpStatusCode.BadRequest, "atStep");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("chinchilla")),
            (HttpStatusCode)422, "law", "parameters");
    }

    [Fact]
    public async Task Runs_declare_a_positive_model_size_and_list_it()
    {
        var id = (await _client.CreateExperiment(["a"])).Id;
        var mixture = new Dictionary<string, double> { ["a"] = 1 };
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/runs", new CreateRunRequest("bad", mixture) { Parameters = -5 }),
            HttpStatusCode.BadRequest, "parameters", "> 0");
        var created = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/runs", new CreateRunRequest("n", mixture) { Parameters = 1.2e8 }))
            .Read<RunResponse>(HttpStatusCode.Created);
        Assert.Equal(1.2e8, created.Parameters);
        var listed = await (await _client.GetAsync($"/api/experiments/{id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.Equal(1.2e8, Assert.Single(listed).Parameters);
    }
}
