using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Comparisons;

/// <summary>
/// Comparisons over real HTTP with the recording executor: the test plays the worker (claims each run's lease,
/// posts chosen losses, completes), so the paired table can be checked against hand-computed values.
/// The real trainer is exercised by the end-to-end comparison test.
/// </summary>
public sealed class ComparisonApiTests(SweepApiFactory factory) : IClassFixture<SweepApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();
    private static readonly string[] Domains = ["a", "b"];

    private Task<ExperimentResponse> Experiment() => factory.CreateCorpusExperiment(_client, Domains, tokens: [3e6, 1e6]);

    private static CreateComparisonRequest TwoCandidates(int seeds = 2) => new(
        [new ComparisonCandidateSpec(Kind: "uniform"), new ComparisonCandidateSpec(Name: "a-heavy", Mixture: Mix(("a", 0.9), ("b", 0.1)))],
        Steps: 100, Seeds: seeds, Checkpoints: new CheckpointSpec(Steps: [50, 100]));

    private async Task<(ComparisonResponse Comparison, HttpResponseMessage Response)> Create(long experimentId, CreateComparisonRequest request)
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/comparisons", request, ApiClientExtensions.Json);
        return (await response.Read<ComparisonResponse>(HttpStatusCode.Accepted), response);
    }

    private async Task<ComparisonResponse> Get(long comparisonId) =>
        await (await _client.GetAsync($"/api/comparisons/{comparisonId}")).Read<ComparisonResponse>(HttpStatusCode.OK);

    [Fact]
    public async Task One_sweep_trains_every_candidate_with_every_seed_and_seed_k_is_the_same_for_all_candidates()
    {
        var experiment = await Experiment();
        var (comparison, response) = await Create(experiment.Id, TwoCandidates(seeds: 3) with { Name = "bake" });

        Assert.Equal($"/api/comparisons/{comparison.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("pending", comparison.Status);
        Assert.Equal("natural", comparison.Baseline);
        // natural is the default baseline and was not among the candidates, so it is added
        Assert.Equal(["uniform", "a-heavy", "natural"], comparison.Candidates.Select(c => c.Label));
        Assert.Equal(0.75, comparison.Candidates[2].Mixture["a"], 12); // declared tokens 3e6 : 1e6
        Assert.All(comparison.Candidates, c => Assert.Equal(0, c.CostFlops));
        Assert.Equal(9, comparison.Progress.Runs);
        Assert.Null(comparison.Results);

        var sweep = await _client.GetSweep(comparison.SweepId);
        Assert.Equal(9, sweep.Runs.Count);
        Assert.Equal("bake-uniform-s1", sweep.Runs[0].RunName);
        // same hyper-parameters for every run; the seed is the repetition's
        for (var task = 0; task < 9; task++)
        {
            var lease = await _client.Claim(comparison.SweepId, taskIndex: task, workerId: $"w{task}");
            Assert.Equal(task / 3 + 1, lease.Seed);
            Assert.Equal(100, lease.Steps);
            Assert.Equal(new ProxyModelSpec("tiny", BatchSize: 16), lease.Model);
            Assert.EndsWith($"-s{task / 3 + 1}", lease.RunName);
        }
        Assert.Equal([1, 1, 1, 2, 2, 2, 3, 3, 3], (await _client.GetSweep(comparison.SweepId)).Runs.Select(r => r.Seed));

        var listed = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/comparisons")).Read<List<ComparisonResponse>>(HttpStatusCode.OK);
        Assert.Equal(comparison.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task A_finished_comparison_returns_the_paired_table()
    {
        var experiment = await Experiment();
        var (comparison, _) = await Create(experiment.Id, TwoCandidates() with { Baseline = "uniform" });
        Assert.Equal(["uniform", "a-heavy"], comparison.Candidates.Select(c => c.Label));

        // final losses (step 100) by candidate and seed, domains a and b; step 50 is 0.5 higher everywhere
        var final = new Dictionary<string, double[][]>
        {
            ["uniform"] = [[3.0, 2.0], [3.2, 2.2]],   // averages 2.5, 2.7
            ["a-heavy"] = [[2.6, 2.3], [2.8, 2.3]],   // averages 2.45, 2.55: differences −0.05, −0.15
        };
        var sweep = await _client.GetSweep(comparison.SweepId);
        foreach (var run in sweep.Runs)
        {
            var lease = await _client.Claim(comparison.SweepId, taskIndex: run.TaskIndex, workerId: "w");
            var label = run.RunName[(comparison.Name.Length + 1)..^3];
            var losses = final[label][lease.Seed - 1];
            var csv = new StringBuilder("run,step,domain,loss\n");
            foreach (var (step, extra) in new[] { (50, 0.5), (100, 0.0) })
                for (var d = 0; d < 2; d++)
                    csv.Append(CultureInfo.InvariantCulture, $"{run.RunName},{step},{Domains[d]},{losses[d] + extra}\n");
            await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", csv.ToString(), "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
            await _client.Complete(lease.LeaseId);
        }

        var done = await Get(comparison.Id);
        Assert.Equal("completed", done.Status);
        Assert.Equal(2, done.SeedsCompared);
        var results = done.Results!;
        Assert.Equal(["a-heavy", "uniform"], results.Select(r => r.Label)); // ranked
        var heavy = results[0];
        Assert.Equal(1, heavy.Rank);
        Assert.Equal(0.9, heavy.Mixture["a"], 12);
        Assert.Equal(2.7, heavy.Losses["a"].Mean, 9);
        Assert.Equal(Math.Sqrt(0.02), heavy.Losses["a"].Sd!.Value, 9);   // 2.6, 2.8
        Assert.Equal(2.5, heavy.Average.Mean, 9);
        Assert.Equal("a", heavy.WorstDomain);
        // differences −0.05, −0.15: mean −0.1, sd √0.005 = 0.0707107, half width t(0.975, 1) · sd / √2 = 12.7062 · 0.05 = 0.635310
        Assert.Equal(-0.1, heavy.VersusBaseline.Mean, 9);
        Assert.Equal(0.0707107, heavy.VersusBaseline.Sd!.Value, 6);
        Assert.Equal(-0.7353102, heavy.VersusBaseline.Lower!.Value, 6);
        Assert.Equal(0.5353102, heavy.VersusBaseline.Upper!.Value, 6);
        Assert.False(heavy.VersusBaseline.Better); // two seeds cannot tell −0.1 from noise
        Assert.Equal(1, heavy.VersusBaseline.DomainsImproved); // a better by 0.4, b worse by 0.2
        Assert.Equal(-0.4, heavy.VersusBaseline.Domains["a"], 9);
        // step 50 averages 2.95 and 3.05 → 3.0 > 2.6 (uniform's final), so a-heavy first reaches it at step 100
        Assert.Equal(100, heavy.StepsToBaseline);
        Assert.Equal(1.0, heavy.Speedup);
        Assert.Equal(0, heavy.CostFlops);
        Assert.Null(heavy.Calibration);
        Assert.Equal(0, results[1].VersusBaseline.Mean);
    }

    [Fact]
    public async Task An_optimal_candidate_is_the_fits_optimum_at_the_comparisons_steps_with_the_laws_prediction()
    {
        var experiment = await Experiment();
        var fitId = await Fit(experiment.Id);
        var optimal = await (await _client.PostAsJsonAsync($"/api/fits/{fitId}/optimal-mixture", new OptimalMixtureRequest(Steps: 100)))
            .Read<OptimalMixtureResponse>(HttpStatusCode.OK);

        var (comparison, _) = await Create(experiment.Id, new CreateComparisonRequest(
            [new ComparisonCandidateSpec(Optimal: new OptimalCandidateSpec(fitId)), new ComparisonCandidateSpec(Kind: "uniform")],
            Steps: 100, Seeds: 1, Baseline: "uniform"));

        var candidate = comparison.Candidates[0];
        Assert.Equal("optimal", candidate.Label);
        Assert.Equal("optimal", candidate.Kind);
        Assert.Equal(optimal.Optimal.Mixture["a"].Value, candidate.Mixture["a"], 12);
        // the fit's runs were posted by hand, not trained by a sweep: their compute is unknown
        Assert.Null(candidate.CostFlops);
        Assert.Contains("3 of the fit's 3 runs were not trained by a sweep", candidate.CostNote);
        Assert.Equal(0, comparison.Candidates[1].CostFlops);

        // one seed of realised losses: the calibration puts the law's prediction next to them
        var sweep = await _client.GetSweep(comparison.SweepId);
        foreach (var run in sweep.Runs)
        {
            var lease = await _client.Claim(comparison.SweepId, taskIndex: run.TaskIndex, workerId: "w");
            var csv = $"run,step,domain,loss\n{run.RunName},100,a,2.5\n{run.RunName},100,b,{(run.TaskIndex == 0 ? 1.75 : 2.25)}\n";
            foreach (var step in sweep.CheckpointSteps.Where(s => s != 100))
                csv += $"{run.RunName},{step},a,3\n{run.RunName},{step},b,3\n";
            await (await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
            await _client.Complete(lease.LeaseId);
        }
        var result = (await Get(comparison.Id)).Results!.Single(r => r.Label == "optimal");
        var calibration = result.Calibration!;
        Assert.Equal(optimal.Optimal.Losses["a"].Loss, calibration.Predicted["a"], 9);
        Assert.Equal(optimal.Optimal.Losses["b"].Loss, calibration.Predicted["b"], 9);
        Assert.Equal((optimal.Optimal.Losses["a"].Loss + optimal.Optimal.Losses["b"].Loss) / 2, calibration.PredictedAverage, 9);
        Assert.Equal(1.75, calibration.Realised["b"], 12);
        Assert.Equal(2.125, calibration.RealisedAverage, 12);
        Assert.Equal(1, result.Rank);
        Assert.Null(result.VersusBaseline.Sd); // one seed: no interval
    }

    private async Task<long> Fit(long experimentId)
    {
        var curves = new KnownLawCurves(Domains, [(6, 2.0, 0.10, 0.40), (5, 1.5, 0.20, 0.30)]);
        double[][] mixtures = [[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]];
        for (var k = 0; k < mixtures.Length; k++)
        {
            var mixture = Mix(("a", mixtures[k][0]), ("b", mixtures[k][1]));
            await _client.CreateRun(experimentId, $"fitted-{k}", mixture);
            curves.Add($"fitted-{k}", mixture);
        }
        await (await _client.PostRaw($"/api/experiments/{experimentId}/observations", curves.Csv, "text/csv")).Read<IngestResponse>(HttpStatusCode.OK);
        var fit = await (await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/fits", new CreateFitRequest("bimix", Bootstrap: 0)))
            .Read<FitResponse>(HttpStatusCode.Created);
        return fit.Id;
    }

    public static TheoryData<string, HttpStatusCode, string, string> BadBodies => new()
    {
        { """{"candidates":[{"kind":"zipf"}],"baseline":"zipf"}""", HttpStatusCode.BadRequest, "candidates[0].kind", "unknown mixture kind" },
        { """{"candidates":[{"kind":"doremi","job":4}]}""", HttpStatusCode.NotFound, "candidates[0].job", "has no doremi job 4" },
        { """{"candidates":[{"kind":"chameleon"}]}""", HttpStatusCode.Conflict, "candidates[0].kind", "no completed chameleon job" },
        { """{"candidates":[{"kind":"uniform","job":4}]}""", HttpStatusCode.BadRequest, "candidates[0].job", "only applies" },
        { """{"candidates":[{"kind":"uniform"}],"seeds":0}""", HttpStatusCode.BadRequest, "seeds", "[1, 10]" },
        { """{"candidates":[{"kind":"uniform"}],"seeds":11}""", HttpStatusCode.BadRequest, "seeds", "[1, 10]" },
        { """{"candidates":[]}""", HttpStatusCode.BadRequest, "candidates", "at least one" },
        { """{"candidates":[{"kind":"uniform","saved":"x"}]}""", HttpStatusCode.BadRequest, "candidates[0]", "exactly one" },
        { """{"candidates":[{"saved":"never-saved"}]}""", HttpStatusCode.UnprocessableEntity, "candidates[0].saved", "unknown saved mixture" },
        { """{"candidates":[{"kind":"uniform"},{"name":"uniform","mixture":{"a":0.5,"b":0.5}}]}""", HttpStatusCode.BadRequest, "candidates", "labelled 'uniform'" },
        { """{"candidates":[{"kind":"uniform"},{"kind":"uniform"}]}""", HttpStatusCode.BadRequest, "candidates", "labelled 'uniform'" },
        { """{"candidates":[{"name":"m","mixture":{"a":0.5,"b":0.6}}]}""", HttpStatusCode.BadRequest, "candidates[0].mixture", "sum to 1" },
        { """{"candidates":[{"mixture":{"a":0.5,"b":0.5}}]}""", HttpStatusCode.BadRequest, "candidates[0].name", "required" },
        { """{"candidates":[{"kind":"uniform"}],"baseline":"nope"}""", HttpStatusCode.BadRequest, "baseline", "label of a candidate" },
        { """{"candidates":[{"kind":"uniform"}],"preset":"huge"}""", HttpStatusCode.BadRequest, "preset", "unknown preset" },
        { """{"candidates":[{"kind":"uniform"}],"steps":0}""", HttpStatusCode.BadRequest, "steps", null! },
        { """{"candidates":[{"kind":"uniform"}],"executor":"cloud"}""", HttpStatusCode.BadRequest, "executor", "unknown executor" },
        { """{"candidates":[{"kind":"uniform"}],"averageOver":["a","zz"]}""", HttpStatusCode.BadRequest, "averageOver[1]", "unknown domain" },
        { """{"candidates":[{"kind":"entropy-ce","temperature":-1}]}""", HttpStatusCode.BadRequest, "candidates[0].temperature", null! },
        { """{"candidates":[{"optimal":{"fit":987654}}]}""", HttpStatusCode.UnprocessableEntity, "candidates[0].optimal.fit", "no fit" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing(string body, HttpStatusCode status, string field, string rule)
    {
        var experiment = await Experiment();
        var response = await _client.PostRaw($"/api/experiments/{experiment.Id}/comparisons", body);
        await ProblemAssert.Is(response, status, field, rule);
        await AssertNothingWritten(experiment.Id);
    }

    [Fact]
    public async Task Too_many_runs_is_refused_before_anything_is_written()
    {
        var experiment = await Experiment();
        // 101 candidates × 10 seeds = 1010 runs > Sweeps:MaxRuns (1000)
        var candidates = Enumerable.Range(0, 101).Select(i => new ComparisonCandidateSpec(Kind: "uniform", Label: $"u{i}")).ToList();
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/comparisons",
            new CreateComparisonRequest(candidates, Seeds: 10, Baseline: "u0"), ApiClientExtensions.Json);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "candidates", "1010 runs");
        await AssertNothingWritten(experiment.Id);
    }

    [Fact]
    public async Task A_fit_of_another_experiment_is_refused_and_nothing_is_written()
    {
        var other = await Experiment();
        var fitId = await Fit(other.Id);
        var experiment = await Experiment();
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/comparisons",
            new CreateComparisonRequest([new ComparisonCandidateSpec(Optimal: new OptimalCandidateSpec(fitId))]), ApiClientExtensions.Json);
        await ProblemAssert.Is(response, HttpStatusCode.UnprocessableEntity, "candidates[0].optimal.fit", $"belongs to experiment {other.Id}");
        await AssertNothingWritten(experiment.Id);
    }

    [Fact]
    public async Task Unknown_comparisons_are_404_and_writes_need_the_key()
    {
        await ProblemAssert.Is(await _client.GetAsync("/api/comparisons/987654"), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.PostAsync("/api/comparisons/987654/cancel", null), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync("/api/comparisons/987654/events"), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.PostRaw("/api/experiments/987654/comparisons", """{"candidates":[{"kind":"uniform"}]}"""),
            HttpStatusCode.NotFound, "id");
        var experiment = await Experiment();
        var anonymous = factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync($"/api/experiments/{experiment.Id}/comparisons", TwoCandidates());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingWritten(experiment.Id);
    }

    [Fact]
    public async Task Cancel_cancels_the_comparisons_sweep_and_events_replay_it()
    {
        var experiment = await Experiment();
        var (comparison, _) = await Create(experiment.Id, TwoCandidates());
        var cancel = await _client.PostAsync($"/api/comparisons/{comparison.Id}/cancel", null);
        var cancelled = await cancel.Read<ComparisonResponse>(HttpStatusCode.Accepted);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(6, cancelled.Progress.Cancelled);
        Assert.Contains(comparison.SweepId, factory.Executor.Cancelled);

        var events = await _client.GetStringAsync($"/api/comparisons/{comparison.Id}/events");
        Assert.Contains("event: sweep-created", events);
        Assert.Contains("event: sweep-finished", events);
    }

    private async Task AssertNothingWritten(long experimentId)
    {
        var comparisons = await (await _client.GetAsync($"/api/experiments/{experimentId}/comparisons")).Read<List<ComparisonResponse>>(HttpStatusCode.OK);
        Assert.Empty(comparisons);
        var sweeps = await (await _client.GetAsync($"/api/experiments/{experimentId}/sweeps")).Read<List<SweepResponse>>(HttpStatusCode.OK);
        Assert.Empty(sweeps);
        var runs = await (await _client.GetAsync($"/api/experiments/{experimentId}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        Assert.DoesNotContain(runs, r => !r.Name.StartsWith("fitted-"));
    }
}
