using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Schedules;
using Xunit;

namespace ScalingApi.Api.Tests.Laws;

/// <summary>Learning-rate schedules on runs and the schedule-aware bimix-lr law, over HTTP, on noise-free curves of known parameters.</summary>
public sealed class BiMixLrApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly BiMixLrParameters[] Truth = [new(1.2, 1.6, 0.35, 0.08, 0.45), new(0.8, 2.1, 0.5, 0.15, 0.3)];
    private static readonly double[] ShareOfA = [0.2, 0.5, 0.65, 0.8];
    private readonly HttpClient _client = factory.Authorized();

    private static LearningRateScheduleSpec Exponential(int steps) => new("exponential", 3e-3, steps / 10, steps, 3e-4);
    private static LrSchedule Numerics(int steps) => new(LrScheduleKind.Exponential, 3e-3, steps / 10, steps, 3e-4);
    private static double TrueLoss(int domain, double share, int totalSteps, double step) =>
        Truth[domain].Predict(domain == 0 ? share : 1 - share, AnnealingArea.At(Numerics(totalSteps), step));

    /// <summary>Runs at 300 and 600 steps (exponential decay to a tenth), checkpoints every 30 steps; with or without declared schedules.</summary>
    private async Task<long> Experiment(bool declareSchedules)
    {
        var id = (await _client.CreateExperiment(["a", "b"], tokensPerStep: 1024)).Id;
        var csv = new StringBuilder("run,step,domain,loss\n");
        foreach (var steps in new[] { 300, 600 })
        foreach (var share in ShareOfA)
        {
            var name = $"mix-{share}-{steps}";
            var request = new CreateRunRequest(name, new Dictionary<string, double> { ["a"] = share, ["b"] = 1 - share })
                { LearningRateSchedule = declareSchedules ? Exponential(steps) : null };
            await (await _client.PostAsJsonAsync($"/api/experiments/{id}/runs", request)).Read<RunResponse>(HttpStatusCode.Created);
            for (var step = 30; step <= steps; step += 30)
                for (var i = 0; i < 2; i++)
                    csv.Append(FormattableString.Invariant($"{name},{step},{(i == 0 ? "a" : "b")},{TrueLoss(i, share, steps, step):R}\n"));
        }
        await (await _client.PostRaw($"/api/experiments/{id}/observations", csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task A_run_declares_its_schedule_and_lists_it_back_and_a_run_without_one_still_works()
    {
        var id = (await _client.CreateExperiment(["a", "b"])).Id;
        var mixture = new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 };
        var wsd = new LearningRateScheduleSpec("wsd", 1e-3, 100, 10_000, 1e-5, DecaySteps: 2_000);
        var created = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/runs", new CreateRunRequest("wsd", mixture) { LearningRateSchedule = wsd }))
            .Read<RunResponse>(HttpStatusCode.Created);
        Assert.Equal(wsd, created.LearningRateSchedule);
        var list = new LearningRateScheduleSpec(Rates: [1e-3, 5e-4, 2e-4]);
        await (await _client.PostAsJsonAsync($"/api/experiments/{id}/runs", new CreateRunRequest("list", mixture) { LearningRateSchedule = list }))
            .Read<RunResponse>(HttpStatusCode.Created);
        var plain = await _client.CreateRun(id, "plain", mixture);
        Assert.Null(plain.LearningRateSchedule);

        var runs = await (await _client.GetAsync($"/api/experiments/{id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.Equal(wsd, runs.Single(r => r.Name == "wsd").LearningRateSchedule);
        Assert.Equal([1e-3, 5e-4, 2e-4], runs.Single(r => r.Name == "list").LearningRateSchedule!.Rates);
        Assert.Equal("explicit", runs.Single(r => r.Name == "list").LearningRateSchedule!.Kind);
        Assert.Null(runs.Single(r => r.Name == "plain").LearningRateSchedule);
        var raw = await (await _client.GetAsync($"/api/experiments/{id}/runs")).Content.ReadAsStringAsync();
        Assert.Equal(2, raw.Split("learningRateSchedule").Length - 1); // omitted, not null, on the plain run
    }

    public static TheoryData<string, string, string> InvalidSchedules() => new()
    {
        { """{"kind":"triangle","peak":1e-3}""", "learningRateSchedule.kind", "one of constant, linear, cosine, exponential, wsd" },
        { """{"kind":"cosine","peak":1e-3,"final":0}""", "learningRateSchedule.totalSteps", "required" },
        { """{"kind":"linear","peak":1e-3,"totalSteps":100,"final":2e-3}""", "learningRateSchedule.final", "must not exceed peak" },
        { """{"kind":"exponential","peak":1e-3,"totalSteps":100,"final":0}""", "learningRateSchedule.final", "> 0" },
        { """{"kind":"cosine","peak":-1,"totalSteps":100,"final":0}""", "learningRateSchedule.peak", "> 0" },
        { """{"kind":"cosine","peak":1e-3,"warmupSteps":100,"totalSteps":100,"final":0}""", "learningRateSchedule.warmupSteps", "less than totalSteps" },
        { """{"kind":"cosine","peak":1e-3,"totalSteps":100,"final":0,"decaySteps":10}""", "learningRateSchedule.decaySteps", "'wsd' only" },
        { """{"kind":"wsd","peak":1e-3,"warmupSteps":10,"totalSteps":100,"final":0,"decaySteps":95}""", "learningRateSchedule.decaySteps", "after the warm-up" },
        { """{"rates":[1e-3,-1]}""", "learningRateSchedule.rates[1]", "finite number ≥ 0" },
        { """{"kind":"explicit"}""", "learningRateSchedule.rates", "required" },
        { """{"rates":[1e-3],"peak":1e-3}""", "learningRateSchedule.peak", "not allowed with an explicit list" },
    };

    [Theory]
    [MemberData(nameof(InvalidSchedules))]
    public async Task An_invalid_schedule_is_a_400_naming_the_field_and_nothing_is_written(string schedule, string field, string rule)
    {
        var id = (await _client.CreateExperiment(["a", "b"])).Id;
        var body = $$"""{"name":"r","mixture":{"a":0.5,"b":0.5},"learningRateSchedule":{{schedule}}}""";
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{id}/runs", body), HttpStatusCode.BadRequest, field, rule);
        Assert.Empty(await (await _client.GetAsync($"/api/experiments/{id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Bimix_lr_fits_the_declared_schedules_and_predicts_a_longer_run_with_or_without_a_schedule()
    {
        var id = await Experiment(declareSchedules: true);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix-lr", Bootstrap: 10)))
            .Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal("bimix-lr", fit.Law);
        Assert.Equal(["b", "c", "d", "alpha", "beta"], fit.Parameters![0].Parameters.Keys.ToArray());
        Assert.Equal(10, fit.ParameterCount);
        Assert.Equal(Truth[1].Beta, fit.Parameters[1].Parameters["beta"].Value!.Value, 2);

        var mixture = new Dictionary<string, double> { ["a"] = 0.35, ["b"] = 0.65 };
        var request = new PredictionRequest([
            new PredictionPoint(mixture, Steps: 1800) { LearningRateSchedule = Exponential(1800) },
            new PredictionPoint(mixture, Steps: 1800), // the longest run's schedule (600 steps) stretched to 1,800: the same here
            new PredictionPoint(mixture, Steps: 1800) { LearningRateSchedule = new LearningRateScheduleSpec("constant", 3e-3, 180) },
        ]);
        var prediction = await (await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", request)).Read<PredictionResponse>(HttpStatusCode.OK);
        var truth = TrueLoss(1, 0.35, 1800, 1800);
        Assert.InRange(prediction.Points[0].Domains["b"].Loss / truth, 0.995, 1.005);
        Assert.Equal(prediction.Points[0].Domains["b"].Loss, prediction.Points[1].Domains["b"].Loss, 12);
        Assert.True(prediction.Points[2].Domains["b"].Loss > truth + 0.01, "a rate that never decays anneals nothing");

        var invalid = new PredictionRequest([new PredictionPoint(mixture, Steps: 1800) { LearningRateSchedule = new LearningRateScheduleSpec("cosine", 0) }]);
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", invalid),
            HttpStatusCode.BadRequest, "points[0].learningRateSchedule.peak", "> 0");
    }

    [Fact]
    public async Task Bimix_lr_bound_is_stored_with_its_term_and_predicts_with_the_bound_noise()
    {
        var id = await Experiment(declareSchedules: true);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix-lr-bound", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal("bimix-lr-bound", fit.Law);
        Assert.Equal(["b", "c", "d", "alpha", "beta"], fit.Parameters![0].Parameters.Keys.ToArray());

        var mixture = new Dictionary<string, double> { ["a"] = 0.35, ["b"] = 0.65 };
        var request = new PredictionRequest([new PredictionPoint(mixture, Steps: 1800) { LearningRateSchedule = Exponential(1800) }]);
        var prediction = await (await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", request)).Read<PredictionResponse>(HttpStatusCode.OK);
        // the stored model, read back, must still add d·N (read as Tissue's −d·S2 it would give another number)
        var p = fit.Parameters[1].Parameters;
        var expected = Math.Pow(0.65, -p["alpha"].Value!.Value) * (p["b"].Value!.Value * Math.Pow(AnnealingArea.At(Numerics(1800), 1800).S1, -p["beta"].Value!.Value)
            + p["c"].Value!.Value + p["d"].Value!.Value * ConvexBoundNoise.At(Numerics(1800), 1800));
        Assert.Equal(expected, prediction.Points[0].Domains["b"].Loss, 1e-9 * expected);
    }

    [Fact]
    public async Task The_annealing_decay_is_chosen_per_fit_stored_and_used_by_its_predictions()
    {
        var id = await Experiment(declareSchedules: true);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix-lr", Bootstrap: 0) { AnnealingDecay = 0.99 }))
            .Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal(0.99, fit.AnnealingDecay);
        var stored = await (await _client.GetAsync($"/api/fits/{fit.Id}")).Read<FitResponse>(HttpStatusCode.OK);
        Assert.Equal(0.99, stored.AnnealingDecay);
        var standard = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix-lr", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
        Assert.Equal(AnnealingArea.Decay, standard.AnnealingDecay);

        // the stored fit predicts with its own λ: r^-α (b S1^-β + c − d S2(λ = 0.99))
        var mixture = new Dictionary<string, double> { ["a"] = 0.35, ["b"] = 0.65 };
        var request = new PredictionRequest([new PredictionPoint(mixture, Steps: 1800) { LearningRateSchedule = Exponential(1800) }]);
        var prediction = await (await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions", request)).Read<PredictionResponse>(HttpStatusCode.OK);
        var p = fit.Parameters![1].Parameters;
        var area = AnnealingArea.At(Numerics(1800), 1800, 0.99);
        var expected = Math.Pow(0.65, -p["alpha"].Value!.Value) * (p["b"].Value!.Value * Math.Pow(area.S1, -p["beta"].Value!.Value)
            + p["c"].Value!.Value - p["d"].Value!.Value * area.S2);
        Assert.Equal(expected, prediction.Points[0].Domains["b"].Loss, 1e-9 * expected);
    }

    [Theory]
    [InlineData("bimix-lr", 1.0, "0 ≤ λ < 1")]
    [InlineData("bimix-lr", -0.1, "0 ≤ λ < 1")]
    [InlineData("bimix", 0.99, "only applies to law \"bimix-lr\"")]
    [InlineData("bimix-lr-bound", 0.99, "only applies to law \"bimix-lr\"")]
    public async Task An_annealing_decay_out_of_range_or_for_another_law_is_a_400(string law, double decay, string rule)
    {
        var id = await Experiment(declareSchedules: true);
        var fitsBefore = factory.CountRows("fits");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest(law) { AnnealingDecay = decay }),
            HttpStatusCode.BadRequest, "annealingDecay", rule);
        Assert.Equal(fitsBefore, factory.CountRows("fits"));
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/law-comparisons",
                new LawComparisonRequest(["bimix", "dml"], new HoldoutSpec("last-step")) { AnnealingDecay = 0.99 }),
            HttpStatusCode.BadRequest, "annealingDecay", "only applies when laws include \"bimix-lr\"");
    }

    [Fact]
    public async Task The_law_comparison_scores_bimix_lr_next_to_bimix()
    {
        var id = await Experiment(declareSchedules: true);
        var request = new LawComparisonRequest(["bimix", "bimix-lr"], new HoldoutSpec("runs", ["mix-0.5-600"]));
        var comparison = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/law-comparisons", request))
            .Read<LawComparisonResponse>(HttpStatusCode.OK);
        var lr = comparison.Laws.Single(l => l.Law == "bimix-lr");
        Assert.True(lr.Applicable, lr.Reason);
        Assert.Equal(10, lr.ParameterCount);
        Assert.InRange(lr.RelativeError!.Mean!.Value, 0, 1e-3); // the curves are its own
        Assert.True(comparison.Laws.Single(l => l.Law == "bimix").RelativeError!.Mean > lr.RelativeError.Mean);
        Assert.Equal("bimix-lr", comparison.Winner);
    }

    [Fact]
    public async Task Without_schedules_bimix_lr_does_not_apply_and_says_why()
    {
        var id = await Experiment(declareSchedules: false);
        var fitsBefore = factory.CountRows("fits");
        await ProblemAssert.Is(await _client.PostAsJsonAsync($"/api/experiments/{id}/fits", new CreateFitRequest("bimix-lr")),
            (HttpStatusCode)422, "law", "learningRateSchedule");
        Assert.Equal(fitsBefore, factory.CountRows("fits"));

        var comparison = await (await _client.PostAsJsonAsync($"/api/experiments/{id}/law-comparisons",
            new LawComparisonRequest(["bimix", "bimix-lr"], new HoldoutSpec("last-step")))).Read<LawComparisonResponse>(HttpStatusCode.OK);
        var lr = comparison.Laws.Single(l => l.Law == "bimix-lr");
        Assert.False(lr.Applicable);
        Assert.Contains("learning-rate schedule", lr.Reason);
        Assert.Equal("bimix", comparison.Winner);
    }
}
