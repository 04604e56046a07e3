using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;
using static ScalingApi.Api.Tests.Infrastructure.SyntheticSweep;

namespace ScalingApi.Api.Tests;

/// <summary>The synthetic SlimPajama sweep posted once through the API, with one bootstrapped fit.</summary>
public sealed class FittedSweepFactory : ApiFactory, IAsyncLifetime
{
    public long ExperimentId { get; private set; }
    public FitResponse Fit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var client = Authorized();
        var experiment = await client.CreateExperiment(Domains, TokensPerStep, Tokens, "slimpajama-synthetic");
        ExperimentId = experiment.Id;
        foreach (var run in Mixtures.Keys) await client.CreateRun(ExperimentId, run, MixtureOf(run));
        var csv = SyntheticSweep.Csv(TrainingRuns, seed: 2024);
        await (await client.PostRaw($"/api/experiments/{ExperimentId}/observations", csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var response = await client.PostAsJsonAsync($"/api/experiments/{ExperimentId}/fits", new CreateFitRequest("bimix", "huber", Bootstrap: 40, Seed: 7));
        Fit = await response.Read<FitResponse>(HttpStatusCode.Created);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class FitsTests(FittedSweepFactory factory) : IClassFixture<FittedSweepFactory>
{
    private readonly HttpClient _client = factory.Authorized();
    private string FitUrl => $"/api/fits/{factory.Fit.Id}";

    [Fact]
    public void Fit_recovers_alpha_and_beta_within_five_percent_with_intervals_and_diagnostics()
    {
        var fit = factory.Fit;
        Assert.Equal("bimix", fit.Law);
        Assert.Equal(40, fit.Bootstrap);
        Assert.Contains("A = 1", fit.Convention);
        for (var i = 0; i < Domains.Length; i++)
        {
            var domain = fit.Domains[i];
            Assert.Equal(Domains[i], domain.Domain);
            Assert.Equal(1.0, domain.A);
            Assert.InRange(domain.Alpha!.Value / Truth[i].Alpha, 0.95, 1.05);
            Assert.InRange(domain.Beta / Truth[i].Beta, 0.95, 1.05);
            Assert.True(domain.Diagnostics.Converged, domain.Diagnostics.Message);
            Assert.Equal(80, domain.Diagnostics.Points);
            Assert.InRange(domain.Diagnostics.InSampleRelativeError!.Value, 0, 3e-3);
            var intervals = domain.Intervals!;
            Assert.InRange(domain.Alpha.Value, intervals.Alpha!.Lower * 0.999, intervals.Alpha.Upper * 1.001);
            Assert.True(intervals.Beta.Lower <= intervals.Beta.Upper);
        }
    }

    [Fact]
    public async Task Stored_fit_is_returned_unchanged()
    {
        var stored = await (await _client.GetAsync(FitUrl)).Read<FitResponse>(HttpStatusCode.OK);
        Assert.Equal(factory.Fit.Domains.Select(d => (d.B, d.C, d.Alpha, d.Beta)), stored.Domains.Select(d => (d.B, d.C, d.Alpha, d.Beta)));
        await ProblemAssert.Is(await _client.GetAsync("/api/fits/999999"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Predicts_the_unseen_mixtures_final_losses_within_point_three_percent()
    {
        var final = Steps[^1];
        var request = new PredictionRequest([
            new PredictionPoint(MixtureOf(UnseenRun), Steps: final),
            new PredictionPoint(MixtureOf(UnseenRun), Tokens: final * TokensPerStep),
        ]);
        var response = await (await _client.PostAsJsonAsync($"{FitUrl}/predictions", request)).Read<PredictionResponse>(HttpStatusCode.OK);
        Assert.Equal(2, response.Points.Count);
        Assert.Equal(final, response.Points[1].Steps, 9);
        for (var i = 0; i < Domains.Length; i++)
        {
            var truth = TrueLoss(i, Mixtures[UnseenRun][i], final);
            var predicted = response.Points[0].Domains[Domains[i]];
            Assert.InRange(Math.Abs(predicted.Loss - truth) / truth, 0, 0.003);
            Assert.InRange(predicted.Loss, predicted.Lower, predicted.Upper);
            Assert.Equal(predicted.Loss, response.Points[1].Domains[Domains[i]].Loss, 12);
        }
        var average = response.Points[0].Domains.Values.Average(e => e.Loss);
        Assert.Equal(average, response.Points[0].Average.Loss, 9);
    }

    [Fact]
    public async Task Weighted_average_uses_the_given_weights()
    {
        var request = new PredictionRequest([new PredictionPoint(MixtureOf("baseline"), Steps: 50_000)],
            new Dictionary<string, double> { ["ArXiv"] = 3, ["Books"] = 1 });
        var point = (await (await _client.PostAsJsonAsync($"{FitUrl}/predictions", request)).Read<PredictionResponse>(HttpStatusCode.OK)).Points[0];
        Assert.Equal(0.75 * point.Domains["ArXiv"].Loss + 0.25 * point.Domains["Books"].Loss, point.Average.Loss, 9);
    }

    public static TheoryData<string, string> BadPredictions => new()
    {
        { """{"points":[]}""", "points" },
        { """{"points":[{"steps":1000}]}""", "points[0].mixture" },
        { """{"points":[{"steps":1000,"mixture":{"ArXiv":1}}]}""", "points[0].mixture.Books" },
        { """{"points":[{"steps":"NaN","mixture":{"ArXiv":1}}]}""", "points[0].steps" },
        { """{"points":[{"steps":-5,"mixture":{"ArXiv":0.0458,"Books":0.042,"C4":0.266,"CommonCrawl":0.5203,"GitHub":0.0522,"StackExchange":0.0337,"Wikipedia":0.0399}}]}""", "points[0].steps" },
        { """{"points":[{"mixture":{"ArXiv":0.0458,"Books":0.042,"C4":0.266,"CommonCrawl":0.5203,"GitHub":0.0522,"StackExchange":0.0337,"Wikipedia":0.0399}}]}""", "points[0].steps" },
        { """{"points":[{"steps":10,"tokens":10,"mixture":{"ArXiv":0.0458,"Books":0.042,"C4":0.266,"CommonCrawl":0.5203,"GitHub":0.0522,"StackExchange":0.0337,"Wikipedia":0.0399}}]}""", "points[0].steps" },
        { """{"points":[{"steps":10,"mixture":{"ArXiv":0,"Books":0.0878,"C4":0.266,"CommonCrawl":0.5203,"GitHub":0.0522,"StackExchange":0.0337,"Wikipedia":0.0399}}]}""", "points[0].mixture.ArXiv" },
        { """{"points":[{"steps":10,"mixture":{"ArXiv":0.0458,"Books":0.042,"C4":0.266,"CommonCrawl":0.5203,"GitHub":0.0522,"StackExchange":0.0337,"Wikipedia":0.0399}}],"weights":{"Mars":1}}""", "weights.Mars" },
        { """{"points":[{"steps":10,"mixture":{"ArXiv":0.0458,"Books":0.042,"C4":0.266,"CommonCrawl":0.5203,"GitHub":0.0522,"StackExchange":0.0337,"Wikipedia":0.0399}}],"weights":{"ArXiv":0}}""", "weights" },
    };

    [Theory]
    [MemberData(nameof(BadPredictions))]
    public async Task Bad_prediction_request_is_a_problem_naming_the_field(string body, string field)
    {
        await ProblemAssert.Is(await _client.PostRaw($"{FitUrl}/predictions", body), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Prediction_for_unknown_fit_is_404()
    {
        var request = new PredictionRequest([new PredictionPoint(MixtureOf("baseline"), Steps: 10)]);
        await ProblemAssert.Is(await _client.PostAsJsonAsync("/api/fits/999999/predictions", request), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Optimal_mixture_beats_natural_and_uniform_and_respects_bounds_and_data_limits()
    {
        var bounds = new Dictionary<string, ProportionRange> { ["CommonCrawl"] = new(0.2, 0.6), ["GitHub"] = new(0, 0.05) };
        var limits = new DataLimits(TotalTokens: 50e9, MaxEpochs: 2); // Books ≤ 2 * 2.6e9 / 50e9 = 0.104
        var request = new OptimalMixtureRequest(Steps: 200_000, Bounds: bounds, DataLimits: limits);
        var response = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", request)).Read<OptimalMixtureResponse>(HttpStatusCode.OK);

        var optimal = response.Optimal.Mixture;
        Assert.Equal(1.0, optimal.Values.Sum(p => p.Value), 6);
        Assert.InRange(optimal["CommonCrawl"].Value, 0.2 - 1e-9, 0.6 + 1e-9);
        Assert.InRange(optimal["GitHub"].Value, 0, 0.05 + 1e-9);
        Assert.InRange(optimal["Books"].Value, 0, 2 * 2.6e9 / 50e9 + 1e-9);
        Assert.Equal(2 * 2.6e9 / 50e9, response.BoundsApplied["Books"].Max, 12);
        Assert.All(optimal.Values, p => Assert.InRange(p.Value, p.Lower - 1e-9, p.Upper + 1e-9));
        Assert.Equal(40, response.BootstrapResamplesUsed);

        Assert.NotNull(response.Natural);
        Assert.Equal(Tokens[3] / Tokens.Sum(), response.Natural!.Mixture["CommonCrawl"].Value, 12);
        Assert.Equal(1.0 / 7, response.Uniform.Mixture["C4"].Value, 12);

        // unconstrained, the optimum is at least as good as every other mixture (natural, uniform, the constrained optimum)
        var free = await (await _client.PostAsJsonAsync($"{FitUrl}/optimal-mixture", new OptimalMixtureRequest(Tokens: 200_000 * TokensPerStep)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);
        Assert.Equal(200_000, free.Steps, 6);
        Assert.True(free.Optimal.Average.Loss <= free.Natural!.Average.Loss);
        Assert.True(free.Optimal.Average.Loss <= free.Uniform.Average.Loss);
        Assert.True(free.Optimal.Average.Loss <= response.Optimal.Average.Loss + 1e-12);
    }

    [Theory]
    [InlineData("""{"steps":1000,"bounds":{"ArXiv":{"min":0.6,"max":1},"Books":{"min":0.6,"max":1}}}""", 422, "bounds")]
    [InlineData("""{"steps":1000,"bounds":{"ArXiv":{"min":0,"max":0.1},"Books":{"min":0,"max":0.1},"C4":{"min":0,"max":0.1},"CommonCrawl":{"min":0,"max":0.1},"GitHub":{"min":0,"max":0.1},"StackExchange":{"min":0,"max":0.1},"Wikipedia":{"min":0,"max":0.1}}}""", 422, "bounds")]
    [InlineData("""{"steps":1000,"dataLimits":{"totalTokens":1e15,"maxEpochs":1}}""", 422, "dataLimits")]
    [InlineData("""{"steps":1000,"bounds":{"ArXiv":{"min":0.5,"max":0.2}}}""", 400, "bounds.ArXiv")]
    [InlineData("""{"steps":1000,"bounds":{"ArXiv":{"min":-0.5,"max":0.2}}}""", 400, "bounds.ArXiv.min")]
    [InlineData("""{"steps":1000,"bounds":{"Mars":{"min":0,"max":0.2}}}""", 400, "bounds.Mars")]
    [InlineData("""{"steps":1000,"dataLimits":{"totalTokens":0,"maxEpochs":1}}""", 400, "dataLimits.totalTokens")]
    [InlineData("""{"steps":"Infinity"}""", 400, "steps")]
    [InlineData("""{}""", 400, "steps")]
    public async Task Bad_optimal_mixture_request_is_a_problem(string body, int status, string field)
    {
        await ProblemAssert.Is(await _client.PostRaw($"{FitUrl}/optimal-mixture", body), (HttpStatusCode)status, field);
    }

    [Fact]
    public async Task Holdout_last_step_reports_relative_error_of_the_final_checkpoints()
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{factory.ExperimentId}/fits",
            new CreateFitRequest("bimix", "huber", new HoldoutSpec("last-step"), Bootstrap: 0));
        var fit = await response.Read<FitResponse>(HttpStatusCode.Created);
        var holdout = fit.Holdout!;
        Assert.Equal("last-step", holdout.Kind);
        Assert.Equal("relative-error", holdout.Metric);
        Assert.Equal(Domains.Length, holdout.PerDomain.Count);
        Assert.InRange(holdout.Summary.Mean!.Value, 0, 0.005);
        Assert.True(holdout.Summary.Worst >= holdout.Summary.Best);
        Assert.Equal(76, fit.Domains[0].Diagnostics.Points); // 4 runs × 19 checkpoints
        Assert.Equal(fit.Holdout!.Summary, (await (await _client.GetAsync($"/api/fits/{fit.Id}")).Read<FitResponse>(HttpStatusCode.OK)).Holdout!.Summary);
    }

    [Fact]
    public async Task Holdout_runs_reports_log_r2_on_the_left_out_mixture()
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{factory.ExperimentId}/fits",
            new CreateFitRequest("bimix", "lsq", new HoldoutSpec("runs", ["se"]), Bootstrap: 0));
        var fit = await response.Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal("lsq", fit.Objective);
        Assert.Equal("log-r2", fit.Holdout!.Metric);
        Assert.Equal(["se"], fit.Holdout.Runs);
        Assert.InRange(fit.Holdout.Summary.Mean!.Value, 0.95, 1.0);
        Assert.Equal(60, fit.Domains[0].Diagnostics.Points);
    }

    [Theory]
    [InlineData("""{"law":"kaplan","objective":"huber"}""", 400, "law")]
    [InlineData("""{"law":"bimix","objective":"l1"}""", 400, "objective")]
    [InlineData("""{"law":"bimix","objective":"huber","bootstrap":5000}""", 400, "bootstrap")]
    [InlineData("""{"law":"bimix","objective":"huber","bootstrap":-1}""", 400, "bootstrap")]
    [InlineData("""{"law":"bimix","objective":"huber","holdout":{"kind":"first-step"}}""", 400, "holdout.kind")]
    [InlineData("""{"law":"bimix","objective":"huber","holdout":{"kind":"runs"}}""", 400, "holdout.runs")]
    [InlineData("""{"law":"bimix","objective":"huber","holdout":{"kind":"runs","runs":["nope"]}}""", 400, "holdout.runs[0]")]
    [InlineData("""{"law":"bimix","objective":"huber","holdout":{"kind":"runs","runs":["baseline","doremi","se","ce"]}}""", 422, "observations")]
    [InlineData("""{"law":"bimix","objective":"huber","seed":"1"}""", 400, "seed")]
    [InlineData("""{"objective":"huber"}""", 400, "law")]
    public async Task Bad_fit_request_is_a_problem_and_stores_nothing(string body, int status, string field)
    {
        var before = factory.CountRows("fits");
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{factory.ExperimentId}/fits", body), (HttpStatusCode)status, field);
        Assert.Equal(before, factory.CountRows("fits"));
    }
}

public sealed class SparseDataFitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task Fit_of_unknown_experiment_is_404()
    {
        await ProblemAssert.Is(await _client.PostAsJsonAsync("/api/experiments/999999/fits", new CreateFitRequest("bimix")), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Too_little_data_is_422_naming_the_observations()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        await _client.CreateRun(experiment.Id, "r", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 });
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix")),
            HttpStatusCode.UnprocessableEntity, "observations");
        await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", "run,step,domain,loss\nr,100,a,3\nr,200,a,2.9\nr,100,b,3\n", "text/csv");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix")),
            HttpStatusCode.UnprocessableEntity, "observations");
        Assert.Equal(0, factory.CountRows("fits"));
    }

    [Fact]
    public async Task Domain_seen_at_one_proportion_gets_null_alpha_and_predictions_needing_it_are_422()
    {
        // "c" is 0.2 in every run: its alpha is not identifiable
        var experiment = await _client.CreateExperiment(["a", "b", "c"], tokens: [1e9, 1e9, 1e9]);
        var mixtures = new[] { (0.5, 0.3), (0.3, 0.5), (0.6, 0.2), (0.2, 0.6) };
        var csv = new System.Text.StringBuilder("run,step,domain,loss\n");
        for (var k = 0; k < mixtures.Length; k++)
        {
            var (a, b) = mixtures[k];
            await _client.CreateRun(experiment.Id, $"r{k}", new Dictionary<string, double> { ["a"] = a, ["b"] = b, ["c"] = 0.2 });
            foreach (var step in SyntheticSweep.Steps)
            {
                csv.Append($"r{k},{step},a,{Math.Pow(a, -0.1) * (6 * Math.Pow(step, -0.4) + 2):R}\n");
                csv.Append($"r{k},{step},b,{Math.Pow(b, -0.2) * (5 * Math.Pow(step, -0.3) + 1.5):R}\n");
                csv.Append($"r{k},{step},c,{Math.Pow(0.2, -0.15) * (7 * Math.Pow(step, -0.35) + 2.5):R}\n");
            }
        }
        await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/fits", new CreateFitRequest("bimix", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
        var c = fit.Domains.Single(d => d.Domain == "c");
        Assert.Null(c.Alpha);
        Assert.False(string.IsNullOrWhiteSpace(c.Note));
        Assert.NotNull(fit.Domains.Single(d => d.Domain == "a").Alpha);

        var predict = new PredictionRequest([new PredictionPoint(new Dictionary<string, double> { ["a"] = 0.4, ["b"] = 0.3, ["c"] = 0.3 }, Steps: 1000)]);
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", predict), HttpStatusCode.UnprocessableEntity, "fit.alpha.c", "alpha is null");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/optimal-mixture", new OptimalMixtureRequest(Steps: 1000)),
            HttpStatusCode.UnprocessableEntity, "fit.alpha.c");
    }
}
