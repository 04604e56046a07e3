using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

public sealed class SweepCreationTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    // tiny preset, byte tokenizer: V=256, d=64, context 64, 2 layers:
    // 256·64 + 64·64 + 2·(12·64² + 13·64) + 2·64 = 16384 + 4096 + 99968 + 128
    private const long TinyParameters = 120_576;

    [Fact]
    public async Task Explicit_mixtures_become_ordinary_runs_and_the_sweep_is_submitted_to_its_executor()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, response) = await _client.CreateSweep(experiment.Id, Explicit(Mix(("a", 0.25), ("b", 0.75)), Mix(("a", 0.6), ("b", 0.4))));

        Assert.Equal($"/api/sweeps/{sweep.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("pending", sweep.Status);
        Assert.Equal(RecordingExecutor.ExecutorName, sweep.Executor);
        Assert.Equal($"sweep-{sweep.Id}", sweep.Name);
        Assert.Equal([25, 50, 75, 100], sweep.CheckpointSteps);
        Assert.Equal(TinyParameters, sweep.Parameters);
        Assert.Equal(16, sweep.Model.BatchSize);
        Assert.Equal(new SweepTotals(2, 2, 0, 0, 0, 0), sweep.Totals);
        Assert.Equal(new SweepCompute(0, 0, 0), sweep.Compute);

        var runs = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.Equal([$"sweep-{sweep.Id}-mix0", $"sweep-{sweep.Id}-mix1"], runs.Select(r => r.Name));
        Assert.Equal(0.25, runs[0].Mixture["a"]);
        Assert.Equal(16 * 64, runs[0].TokensPerStep); // batch · context, so fits can convert steps to tokens
        // the schedule workers train with (10 % warm-up, exponential decay to a tenth), recorded for schedule-aware laws
        Assert.All(runs, r => Assert.Equal(new LearningRateScheduleSpec("exponential", 3e-3, 10, 100, 3e-4), r.LearningRateSchedule! with { Final = Math.Round(r.LearningRateSchedule.Final!.Value, 12) }));
        Assert.Equal(runs.Select(r => r.Id), sweep.Runs.Select(r => r.RunId));
        Assert.Equal([0, 1], sweep.Runs.Select(r => r.TaskIndex));

        var submitted = Assert.Single(factory.Executor.Submitted, s => s.SweepId == sweep.Id);
        Assert.Equal(2, submitted.TaskCount);
        Assert.Equal(runs.Select(r => r.Id), submitted.RunIdsByTaskIndex);

        var listed = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/sweeps")).Read<List<SweepResponse>>(HttpStatusCode.OK);
        Assert.Equal(sweep.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Log_checkpoints_batch_size_and_model_overrides_are_resolved()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a"]);
        var request = Explicit(Mix(("a", 1))) with
        {
            Steps = 1000, Checkpoints = new CheckpointSpec(Count: 4, Spacing: "log"), BatchSize = 8,
            Model = new ProxyModelSpec("tiny", Layers: 3, ModelWidth: 32),
        };
        var (sweep, _) = await _client.CreateSweep(experiment.Id, request);
        Assert.Equal([1, 10, 100, 1000], sweep.CheckpointSteps);
        Assert.Equal(8, sweep.Model.BatchSize);
        Assert.Equal(256L * 32 + 64 * 32 + 3 * (12 * 32 * 32 + 13 * 32) + 2 * 32, sweep.Parameters);

        var explicitSteps = Explicit(Mix(("a", 1))) with { Name = "listed", Checkpoints = new CheckpointSpec(Steps: [50, 10, 50, 100]) };
        var (listed, _) = await _client.CreateSweep(experiment.Id, explicitSteps);
        Assert.Equal([10, 50, 100], listed.CheckpointSteps);
        Assert.Equal("listed", listed.Name);
    }

    [Fact]
    public async Task Dirichlet_design_draws_seeded_mixtures_around_the_natural_shares()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b", "c"], tokens: [6e8, 3e8, 1e8]);
        SweepMixtureSpec Design(int seed) => new(Design: "dirichlet", Count: 5, Concentration: 50, Seed: seed);
        var (first, _) = await _client.CreateSweep(experiment.Id, Explicit() with { Name = "d1", Mixtures = [Design(3)] });
        var (again, _) = await _client.CreateSweep(experiment.Id, Explicit() with { Name = "d2", Mixtures = [Design(3)] });
        var (other, _) = await _client.CreateSweep(experiment.Id, Explicit() with { Name = "d3", Mixtures = [Design(4)] });

        Assert.Equal(5, first.Runs.Count);
        Assert.Equal(["d1-dirichlet-0", "d1-dirichlet-1", "d1-dirichlet-2", "d1-dirichlet-3", "d1-dirichlet-4"], first.Runs.Select(r => r.RunName));
        foreach (var run in first.Runs)
        {
            Assert.Equal(1.0, run.Mixture.Values.Sum(), 1e-9);
            Assert.All(run.Mixture.Values, p => Assert.InRange(p, 0, 1));
        }
        Assert.Equal(first.Runs.Select(r => r.Mixture["a"]), again.Runs.Select(r => r.Mixture["a"]));
        Assert.NotEqual(first.Runs.Select(r => r.Mixture["a"]), other.Runs.Select(r => r.Mixture["a"]));
        // concentration 50 keeps draws near the natural 0.6 / 0.3 / 0.1 and never all identical
        Assert.All(first.Runs, r => Assert.InRange(r.Mixture["a"], 0.3, 0.9));
        Assert.True(first.Runs.Select(r => r.Mixture["a"]).Distinct().Count() == 5);
    }

    [Fact]
    public async Task One_up_design_upweights_each_domain_in_turn()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b", "c"], tokens: [5e8, 3e8, 2e8]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit() with
        {
            Name = "up", Mixtures = [new SweepMixtureSpec(Design: "one-up", Factor: 2), new SweepMixtureSpec(Name: "natural", Mixture: Mix(("a", 0.5), ("b", 0.3), ("c", 0.2)))],
        });
        Assert.Equal(["up-one-up-a", "up-one-up-b", "up-one-up-c", "up-natural"], sweep.Runs.Select(r => r.RunName));
        // a doubled: 1.0 / (1.0 + 0.3 + 0.2)
        Assert.Equal(1.0 / 1.5, sweep.Runs[0].Mixture["a"], 1e-12);
        Assert.Equal(0.3 / 1.5, sweep.Runs[0].Mixture["b"], 1e-12);
        Assert.Equal(0.6 / 1.3, sweep.Runs[1].Mixture["b"], 1e-12);
        Assert.Equal(0.4 / 1.2, sweep.Runs[2].Mixture["c"], 1e-12);
    }

    [Fact]
    public async Task One_up_without_token_counts_works_around_the_uniform_mixture()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit() with { Mixtures = [new SweepMixtureSpec(Design: "one-up", Factor: 3)] });
        Assert.Equal(0.75, sweep.Runs[0].Mixture["a"], 1e-12);
        Assert.Equal(0.75, sweep.Runs[1].Mixture["b"], 1e-12);
    }

    [Theory]
    [InlineData("""{"saved":"favourite"}""", "mixtures[0].saved", "unknown saved mixture")]
    [InlineData("""{"design":"dirichlet","count":2,"concentration":5}""", "mixtures[0].design", "tokens")]
    public async Task Designs_and_names_the_experiment_cannot_answer_are_422(string mixture, string field, string rule)
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        await AssertRejected(experiment.Id, Body(mixtures: $"[{mixture}]"), HttpStatusCode.UnprocessableEntity, field, rule);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { Body(mixtures: "[]"), "mixtures", "at least one" },
        { Body(mixtures: """[{"mixture":{"a":0.5,"b":0.6}}]"""), "mixtures[0].mixture", "sum to 1" },
        { Body(mixtures: """[{"mixture":{"a":1.0,"zz":0}}]"""), "mixtures[0].mixture.zz", "unknown domain" },
        { Body(mixtures: """[{"mixture":{"a":1.0}}]"""), "mixtures[0].mixture.b", "missing" },
        { Body(mixtures: """[{"mixture":{"a":1,"b":0},"design":"one-up"}]"""), "mixtures[0]", "exactly one" },
        { Body(mixtures: """[{"design":"one-up"}]"""), "mixtures[0].factor", "required" },
        { Body(mixtures: """[{"design":"one-up","factor":-1}]"""), "mixtures[0].factor", "> 0" },
        { Body(mixtures: """[{"design":"latin"}]"""), "mixtures[0].design", "one of" },
        { Body(mixtures: """[{"name":"x","mixture":{"a":1,"b":0}},{"name":"x","mixture":{"a":0,"b":1}}]"""), "mixtures", "distinct names" },
        { Body(mixtures: """[{"name":"a,b","mixture":{"a":1,"b":0}}]"""), "mixtures[0].name", "commas" },
        { Body(steps: "0"), "steps", "[1," },
        { Body(model: """{"preset":"huge"}"""), "model.preset", "unknown preset" },
        { Body(model: """{"preset":"tiny","heads":3}"""), "model.modelWidth", "divisible" },
        { Body(model: """{"preset":"tiny","layers":0}"""), "model.layers", "≥ 1" },
        { Body(checkpoints: """{"count":4,"spacing":"cubic"}"""), "checkpoints.spacing", "log" },
        { Body(checkpoints: """{"count":500}"""), "checkpoints.count", "[1, 100]" },
        { Body(checkpoints: """{"steps":[0,50]}"""), "checkpoints.steps[0]", "[1, 100]" },
        { Body(checkpoints: """{"steps":[50],"count":2}"""), "checkpoints", "not both" },
        { Body(extra: ""","executor":"kubernetes" """), "executor", "unknown executor" },
        { Body(extra: ""","tokenizer":"sentencepiece" """), "tokenizer", "unknown tokenizer" },
        { Body(extra: ""","batchSize":0"""), "batchSize", "≥ 1" },
        { """{"mixtures":[{"mixture":{"a":1,"b":0}}],"steps":100,"checkpoints":{"count":2}}""", "model", "missing required" },
        { Body(steps: "\"100\""), "steps", "valid JSON" },
        { Body(extra: ""","learningRateSchedule":{"kind":"wsd","peak":0.003,"warmupSteps":10,"totalSteps":50,"final":0.0003}"""), "learningRateSchedule.totalSteps", "must equal steps (100)" },
        { Body(extra: ""","learningRateSchedule":{"rates":[0.003,0.002,0.001]}"""), "learningRateSchedule.rates", "100 rates" },
        { Body(extra: ""","learningRateSchedule":{"kind":"triangle","peak":0.003,"final":0}"""), "learningRateSchedule.kind", "one of constant, linear, cosine, exponential, wsd" },
        { Body(extra: ""","learningRateSchedule":{"kind":"cosine","peak":0.003,"warmupSteps":100,"final":0}"""), "learningRateSchedule.warmupSteps", "less than totalSteps" },
        { Body(extra: ""","learningRateSchedule":{"kind":"wsd","peak":0.003}"""), "learningRateSchedule.final", "required" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Invalid_sweep_is_a_problem_naming_the_field_and_writes_nothing(string body, string field, string rule)
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        await AssertRejected(experiment.Id, body, HttpStatusCode.BadRequest, field, rule);
    }

    [Fact]
    public async Task Entropy_design_is_the_softmax_of_the_domains_measured_entropies()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b", "c"]);
        var started = await (await _client.PostAsync($"/api/experiments/{experiment.Id}/corpus-stats", null)).Read<CorpusStatsJobResponse>(HttpStatusCode.Accepted);
        var job = started;
        for (var i = 0; i < 300 && job.Status is not ("completed" or "failed"); i++)
        {
            await Task.Delay(100);
            job = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/corpus-stats/{started.Id}")).Read<CorpusStatsJobResponse>(HttpStatusCode.OK);
        }
        Assert.Equal("completed", job.Status);
        var ce = job.Domains.Select(d => d.Results!.ConditionalEntropy).ToArray();
        var se = job.Domains.Select(d => d.Results!.ShannonEntropy).ToArray();

        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit() with
        {
            Name = "ent",
            Mixtures = [new SweepMixtureSpec(Design: "entropy"), new SweepMixtureSpec(Name: "se", Design: "entropy", Measure: "se", Temperatures: [0.5, 2])],
        });
        Assert.Equal(["ent-entropy", "ent-se-t0.5", "ent-se-t2"], sweep.Runs.Select(r => r.RunName));
        AssertSoftmax(ce, 1.0, sweep.Runs[0].Mixture);
        AssertSoftmax(se, 0.5, sweep.Runs[1].Mixture);
        AssertSoftmax(se, 2.0, sweep.Runs[2].Mixture);
    }

    private static void AssertSoftmax(double[] entropies, double tau, IReadOnlyDictionary<string, double> mixture)
    {
        var weights = entropies.Select(h => Math.Exp(h / tau)).ToArray();
        var expected = weights.Select(w => w / weights.Sum()).ToArray();
        Assert.Equal(expected, new[] { mixture["a"], mixture["b"], mixture["c"] }, (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public async Task Entropy_design_without_corpus_statistics_is_refused_naming_the_domain()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        await AssertRejected(experiment.Id, Body(mixtures: """[{"design":"entropy"}]"""), HttpStatusCode.Conflict, "domains[0].corpus");
        await AssertRejected(experiment.Id, Body(mixtures: """[{"design":"entropy","measure":"xe"}]"""), HttpStatusCode.BadRequest, "mixtures[0].measure");
        await AssertRejected(experiment.Id, Body(mixtures: """[{"design":"entropy","temperatures":[1,0]}]"""), HttpStatusCode.BadRequest, "mixtures[0].temperatures[1]");
    }

    [Fact]
    public async Task A_saved_mixture_is_swept_by_its_name()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var saved = await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/mixtures", new SaveMixtureRequest("favourite", Mix(("a", 0.3), ("b", 0.7))));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var (sweep, _) = await _client.CreateSweep(experiment.Id, Explicit() with { Name = "fav", Mixtures = [new SweepMixtureSpec(Saved: "favourite")] });
        var run = Assert.Single(sweep.Runs);
        Assert.Equal(("fav-favourite", 0.3, 0.7), (run.RunName, run.Mixture["a"], run.Mixture["b"]));
    }

    [Fact]
    public async Task A_domain_without_a_corpus_cannot_be_swept()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        await AssertRejected(experiment.Id, Body(), HttpStatusCode.UnprocessableEntity, "domains[0].corpus", "no corpus reference");
    }

    [Fact]
    public async Task A_run_name_clash_is_409_and_rolls_back_the_whole_sweep()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        await _client.CreateRun(experiment.Id, "s-mix1", Mix(("a", 1), ("b", 0)));
        var body = Body(extra: ""","name":"s" """, mixtures: """[{"name":"mix0","mixture":{"a":1,"b":0}},{"name":"mix1","mixture":{"a":0,"b":1}}]""");
        await AssertRejected(experiment.Id, body, HttpStatusCode.Conflict, "name", "already exists");
    }

    [Fact]
    public async Task Unknown_experiment_and_sweep_are_404()
    {
        var response = await _client.PostRaw("/api/experiments/999999/sweeps", Body());
        await ProblemAssert.Is(response, HttpStatusCode.NotFound, "id", "no experiment");
        await ProblemAssert.Is(await _client.GetAsync("/api/sweeps/999999"), HttpStatusCode.NotFound, "id", "no sweep");
        await ProblemAssert.Is(await _client.GetAsync("/api/sweeps/999999/events"), HttpStatusCode.NotFound, "id", "no sweep");
        await ProblemAssert.Is(await _client.PostRaw("/api/sweeps/999999/cancel", ""), HttpStatusCode.NotFound, "id", "no sweep");
        await ProblemAssert.Is(await _client.PostAsJsonAsync("/api/sweeps/999999/leases", new LeaseRequest("w")), HttpStatusCode.NotFound, "id", "no sweep");
    }

    [Fact]
    public async Task Creating_a_sweep_needs_the_api_key()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var anonymous = factory.CreateClient();
        var response = await anonymous.PostAsync($"/api/experiments/{experiment.Id}/sweeps",
            new StringContent(Body(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task AssertRejected(long experimentId, string body, HttpStatusCode status, string field, string? rule = null)
    {
        var (sweeps, runs, events) = (factory.CountRows("sweeps"), factory.CountRows("runs"), factory.CountRows("sweep_events"));
        var response = await _client.PostRaw($"/api/experiments/{experimentId}/sweeps", body);
        await ProblemAssert.Is(response, status, field, rule);
        Assert.Equal(sweeps, factory.CountRows("sweeps"));
        Assert.Equal(runs, factory.CountRows("runs"));
        Assert.Equal(events, factory.CountRows("sweep_events"));
    }

    private static string Body(string mixtures = """[{"mixture":{"a":0.5,"b":0.5}}]""", string model = """{"preset":"tiny"}""",
        string steps = "100", string checkpoints = """{"count":4}""", string extra = "") =>
        $$"""{"mixtures":{{mixtures}},"model":{{model}},"steps":{{steps}},"checkpoints":{{checkpoints}}{{extra}}}""";
}
