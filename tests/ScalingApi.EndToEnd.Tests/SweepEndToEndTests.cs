using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Worker.Running;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// Issue 4 item 7: a sweep posted over HTTP is trained by real worker processes started by the local
/// executor, its losses land as observations, BiMix fits them and predictions come back; a worker killed
/// with SIGKILL mid-run is replaced and its run resumes from the checkpoint with every loss recorded once.
/// </summary>
// one training sweep at a time: run side by side on a small machine, they starve each other past their timeouts
[Collection("training sweeps")]
public sealed class SweepEndToEndTests : IAsyncLifetime
{
    internal static readonly ProxyModelSpec TinyModel = new("tiny", Layers: 1, Heads: 2, ModelWidth: 32, ContextLength: 16, BatchSize: 4);
    private readonly ServiceUnderTest _service = new();
    private HttpClient _client = null!;
    private string[] _domainNames = null!;

    public async Task InitializeAsync()
    {
        _client = _service.Authorized();
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(
            Path.Combine(_service.CorpusRoot, "synth"), Domains: 3, DocumentsPerDomain: 60, DocumentLength: 400, Seed: 11));
        _domainNames = generated.Select(d => d.Name).ToArray();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    private async Task<long> CreateExperiment(string name)
    {
        var request = new CreateExperimentRequest(name, _domainNames.Select(d => new DomainSpec(d, Corpus: $"synth/{d}")).ToArray(), Tokenizer: "bytes");
        var response = await _client.PostAsJsonAsync("/api/experiments", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ExperimentResponse>())!.Id;
    }

    private async Task<string> PostSweep(long experimentId, CreateSweepRequest request)
    {
        var response = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/sweeps", request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    private Dictionary<string, double> Mixture(params double[] shares) =>
        _domainNames.Select((d, i) => (d, shares[i])).ToDictionary(p => p.d, p => p.Item2);

    private async Task<List<ObservationItem>> Observations(long experimentId) =>
        (await _client.GetFromJsonAsync<List<ObservationItem>>($"/api/experiments/{experimentId}/observations"))!;

    [Fact]
    public async Task A_posted_sweep_trains_records_losses_fits_and_predicts()
    {
        var clock = Stopwatch.StartNew();
        var experimentId = await CreateExperiment("e2e-sweep");
        int[] checkpoints = [10, 20, 30, 40];
        var location = await PostSweep(experimentId, new CreateSweepRequest(
            [new SweepMixtureSpec(Mixture: Mixture(0.5, 0.3, 0.2)), new SweepMixtureSpec(Mixture: Mixture(0.2, 0.5, 0.3)), new SweepMixtureSpec(Mixture: Mixture(0.3, 0.2, 0.5))],
            TinyModel, Steps: 40, new CheckpointSpec(Steps: checkpoints), Seed: 3, Executor: "local"));

        var sweep = await ServiceUnderTest.WaitForSweep(_client, location, TimeSpan.FromMinutes(4));

        Assert.True(sweep.Status == "completed", string.Join("; ", sweep.Runs.Select(r => $"{r.RunName} {r.Status} {r.LastError}")));
        Assert.Equal(3, sweep.Totals.Completed);
        Assert.All(sweep.Runs, r => Assert.Equal(40, r.Step));
        Assert.True(sweep.Compute.Tokens >= 3L * 40 * 4 * 16, $"compute tokens {sweep.Compute.Tokens}");

        var observations = await Observations(experimentId);
        var keys = observations.Select(o => (o.Run, o.Step, o.Domain)).ToArray();
        Assert.Equal(3 * checkpoints.Length * _domainNames.Length, keys.Length);
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(sweep.Runs.Select(r => r.RunName).Order(), observations.Select(o => o.Run).Distinct().Order());
        Assert.All(observations, o => Assert.InRange(o.Loss, 0.05, 6.0)); // nats per byte: below ln 256 ≈ 5.55 plus noise
        // training lowers the loss: every run and domain ends below where it was at the first checkpoint
        foreach (var group in observations.GroupBy(o => (o.Run, o.Domain)))
            Assert.True(group.Single(o => o.Step == 40).Loss < group.Single(o => o.Step == 10).Loss, $"{group.Key} did not improve");

        var fitResponse = await _client.PostAsJsonAsync($"/api/experiments/{experimentId}/fits", new CreateFitRequest("bimix", "huber"));
        Assert.True(fitResponse.StatusCode == HttpStatusCode.Created, await fitResponse.Content.ReadAsStringAsync());
        var fit = (await fitResponse.Content.ReadFromJsonAsync<FitResponse>())!;
        Assert.Equal(_domainNames, fit.Domains.Select(d => d.Domain));

        var predictionResponse = await _client.PostAsJsonAsync($"/api/fits/{fit.Id}/predictions",
            new PredictionRequest([new PredictionPoint(Mixture(0.4, 0.3, 0.3), Steps: 40)]));
        Assert.True(predictionResponse.IsSuccessStatusCode, await predictionResponse.Content.ReadAsStringAsync());
        var prediction = (await predictionResponse.Content.ReadFromJsonAsync<PredictionResponse>())!;
        var point = Assert.Single(prediction.Points);
        Assert.Equal(_domainNames.Order(), point.Domains.Keys.Order());
        Assert.All(point.Domains.Values, e => Assert.InRange(e.Loss, 0.05, 6.0));
        Assert.True(double.IsFinite(point.Average.Loss));
        Console.WriteLine($"e2e sweep: {clock.Elapsed.TotalSeconds:F1}s");
    }

    [Fact]
    public async Task A_sweep_trains_with_the_schedule_it_declares()
    {
        var experimentId = await CreateExperiment("e2e-schedule");
        // ten steps at the proxy peak, then ten at rate zero; under any schedule that keeps a positive rate (the default
        // does) the weights and losses move after step 10, as A_posted_sweep_trains_records_losses_fits_and_predicts shows
        double[] rates = [.. Enumerable.Repeat(3e-3, 10), .. Enumerable.Repeat(0.0, 10)];
        var location = await PostSweep(experimentId, new CreateSweepRequest(
            [new SweepMixtureSpec(Mixture: Mixture(0.4, 0.3, 0.3))], TinyModel, Steps: 20, new CheckpointSpec(Steps: [10, 20]), Seed: 9,
            Executor: "local", LearningRateSchedule: new LearningRateScheduleSpec(Rates: rates)));

        var sweep = await ServiceUnderTest.WaitForSweep(_client, location, TimeSpan.FromMinutes(3));

        Assert.True(sweep.Status == "completed", string.Join("; ", sweep.Runs.Select(r => $"{r.RunName} {r.Status} {r.LastError}")));
        Assert.Equal(rates, sweep.LearningRateSchedule!.Rates);
        var losses = (await Observations(experimentId)).ToDictionary(o => (o.Step, o.Domain), o => o.Loss);
        // a zero rate leaves every weight where it was (AdamW's decay is scaled by the rate too): the worker followed the list
        foreach (var domain in _domainNames) Assert.Equal(losses[(10, domain)], losses[(20, domain)], 9);
    }

    [Fact]
    public async Task A_worker_killed_mid_run_is_replaced_and_the_run_resumes_with_every_loss_once()
    {
        var experimentId = await CreateExperiment("e2e-kill");
        int[] checkpoints = [50, 100, 150];
        var location = await PostSweep(experimentId, new CreateSweepRequest(
            [new SweepMixtureSpec(Mixture: Mixture(0.4, 0.3, 0.3))], TinyModel, Steps: 150, new CheckpointSpec(Steps: checkpoints), Seed: 5, Executor: "local"));
        var sweepId = long.Parse(location.Split('/').Last());

        // wait for the first saved checkpoint (default: every tenth of the run), then SIGKILL the worker
        var sweepDirectory = Path.Combine(_service.CheckpointRoot, $"sweep-{sweepId}");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!(Directory.Exists(sweepDirectory) && Directory.EnumerateDirectories(sweepDirectory, "step-*", SearchOption.AllDirectories).Any()))
        {
            Assert.True(DateTime.UtcNow < deadline, "no checkpoint was saved within 2 minutes");
            await Task.Delay(20);
        }
        var workers = ChildProcesses.WithArgument(_service.CheckpointRoot);
        var killed = Assert.Single(workers);
        ChildProcesses.KillHard(killed);

        var sweep = await ServiceUnderTest.WaitForSweep(_client, location, TimeSpan.FromMinutes(4));

        Assert.True(sweep.Status == "completed", string.Join("; ", sweep.Runs.Select(r => $"{r.RunName} {r.Status} {r.LastError}")));
        var run = Assert.Single(sweep.Runs);
        Assert.True(run.Attempts >= 2, $"attempts {run.Attempts}");
        var starts = AttemptLog.StartSteps(RunCheckpointPaths.RunDirectory(_service.CheckpointRoot, sweepId, run.RunId));
        Assert.True(starts.Count >= 2, $"attempt start steps: {string.Join(", ", starts)}");
        Assert.Equal(0, starts[0]);
        Assert.True(starts[^1] > 0, $"the replacement worker started at step {starts[^1]} instead of resuming");
        Assert.DoesNotContain(killed, ChildProcesses.WithArgument(_service.CheckpointRoot));

        var observations = await Observations(experimentId);
        var keys = observations.Select(o => (o.Step, o.Domain)).ToArray();
        Assert.Equal(checkpoints.SelectMany(s => _domainNames.Select(d => ((long)s, d))).Order(), keys.Order());
    }

    [Fact]
    public async Task A_killed_external_worker_lease_expires_and_a_new_task_resumes_the_run()
    {
        var experimentId = await CreateExperiment("e2e-expiry");
        int[] checkpoints = [50, 100, 150];
        var location = await PostSweep(experimentId, new CreateSweepRequest(
            [new SweepMixtureSpec(Mixture: Mixture(0.2, 0.4, 0.4))], TinyModel, Steps: 150, new CheckpointSpec(Steps: checkpoints), Seed: 7,
            Executor: ExternalWorkersExecutor.ExecutorName));
        var sweepId = long.Parse(location.Split('/').Last());
        // exactly the words BatchScriptBuilder puts after `exec '<worker>'` (empty worker arguments)
        string[] slurmTask = ["--api-url", _service.Url, "--sweep", sweepId.ToString(), "--task-index", "0", "--checkpoint-dir", _service.CheckpointRoot];

        var runId = (await _client.GetFromJsonAsync<SweepResponse>(location))!.Runs.Single().RunId;
        var runDirectory = RunCheckpointPaths.RunDirectory(_service.CheckpointRoot, sweepId, runId);
        using (var first = WorkerBinary.Start(ServiceUnderTest.Key, slurmTask))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(Directory.Exists(runDirectory) && Directory.EnumerateDirectories(runDirectory, "step-*").Any()))
            {
                Assert.True(DateTime.UtcNow < deadline && !first.HasExited, $"no checkpoint within 2 minutes:\n{first.Output}");
                await Task.Delay(20);
            }
            first.KillHard();
        }

        // nobody heartbeats any more: the lease lapses and the reaper returns the run to pending
        var killedAt = Stopwatch.StartNew();
        SweepRunResponse run;
        do
        {
            Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(ServiceUnderTest.LeaseSeconds * 6), "the lease never expired");
            await Task.Delay(200);
            run = (await _client.GetFromJsonAsync<SweepResponse>(location))!.Runs.Single();
        } while (run.Status != "pending");
        Assert.True(killedAt.Elapsed > TimeSpan.FromSeconds(1), "the run came back before its lease could have expired");

        using (var second = WorkerBinary.Start(ServiceUnderTest.Key, slurmTask))
        {
            Assert.True(await second.WaitAsync(TimeSpan.FromMinutes(3)) == 0, second.Output);
            Assert.Contains("resumed from checkpoint step", second.Output);
            // the worker's own account of what the service cost the run (issue 4 item 6)
            foreach (var line in second.Output.Split('\n').Where(l => l.Contains("service overhead"))) Console.WriteLine(line);
        }

        var sweep = await ServiceUnderTest.WaitForSweep(_client, location, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", sweep.Status);
        var starts = AttemptLog.StartSteps(runDirectory);
        Assert.Equal(2, starts.Count);
        Assert.Equal(0, starts[0]);
        Assert.True(starts[1] > 0, "the second task did not resume from the checkpoint");
        var keys = (await Observations(experimentId)).Select(o => (o.Step, o.Domain));
        Assert.Equal(checkpoints.SelectMany(s => _domainNames.Select(d => ((long)s, d))).Order(), keys.Order());
    }
}
