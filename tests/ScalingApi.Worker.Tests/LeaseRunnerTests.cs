using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Worker.Api;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

/// <summary>The real worker loop (real corpus files, real tiny TorchSharp training, real HTTP) against <see cref="FakeLeaseService"/>.</summary>
public sealed class LeaseRunnerTests : IAsyncLifetime
{
    private static readonly TransientRetry FastRetry = new(5, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));
    private readonly TempDirectory _dir = new();
    private FakeLeaseService _service = null!;
    private HttpClient _http = null!;
    private IReadOnlyList<LeaseDomain> _domains = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeLeaseService.StartAsync();
        _http = WorkerApiClient.CreateHttpClient(_service.Url, FakeLeaseService.Key, TimeSpan.FromSeconds(30));
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(Path.Combine(_dir.Path, "corpus"), Domains: 2, DocumentsPerDomain: 40, DocumentLength: 200, Seed: 1));
        _domains = generated.Select(d => new LeaseDomain(d.Name, d.Name.EndsWith('1') ? 0.7 : 0.3, Directory.GetFiles(d.Directory, "*.txt"))).ToArray();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _service.DisposeAsync();
        _dir.Dispose();
    }

    private WorkerSettings Settings(int? saveEvery = null) =>
        new(_service.Url, FakeLeaseService.Key, "1", null, Path.Combine(_dir.Path, "ck"), "test-worker", Threads: 1, SaveEvery: saveEvery);

    private LeaseLoop Loop(WorkerSettings settings, StopSignals signals) => new(new WorkerApiClient(_http), settings, signals, FastRetry);

    private Lease NewLease(long runId = 1, int attempt = 1, int steps = 12, int[]? checkpoints = null, string tokenizer = "bytes") =>
        TestLeases.Create(runId: runId, attempt: attempt, domains: _domains, steps: steps, checkpoints: checkpoints, tokenizer: tokenizer,
            heartbeatSeconds: 2, runName: $"run-{runId}");

    [Fact]
    public async Task A_lease_is_trained_its_checkpoint_losses_posted_and_completed()
    {
        _service.FailObservationPosts = 2; // the first two posts get 503 and must be retried
        var lease = NewLease(steps: 12, checkpoints: [4, 8, 12]);
        _service.Pending.Enqueue(lease);
        using var signals = new StopSignals(listen: false);

        var exit = await Loop(Settings(), signals).RunAsync();

        Assert.Equal(0, exit);
        var expectedKeys = new[] { 4, 8, 12 }.SelectMany(s => _domains.Select(d => ("run-1", s, d.Name))).Order().ToArray();
        Assert.Equal(expectedKeys, _service.Observations.Keys.Order().ToArray());
        Assert.All(_service.Observations.Values, loss => Assert.InRange(loss, 0.01, 10));
        var (completedLease, completion) = Assert.Single(_service.Completions);
        Assert.Equal(lease.LeaseId, completedLease);
        Assert.Equal(12L * 4 * 16, completion.Tokens); // steps × batch × context
        Assert.True(completion.DeviceSeconds > 0);
        Assert.Empty(_service.Failures);
        Assert.NotEmpty(_service.Heartbeats); // the first beat goes out as soon as the lease starts
        Assert.All(_service.LeaseRequests, r => Assert.Equal("test-worker", r.WorkerId));
        Assert.Equal(2, _service.LeaseRequests.Count); // the lease, then 204
        Assert.True(Directory.Exists(Path.Combine(RunCheckpointPaths.RunDirectory(Settings().CheckpointRoot, lease), "step-00000012")));

        var overhead = OverheadSummary.Read(RunCheckpointPaths.RunDirectory(Settings().CheckpointRoot, lease));
        Assert.NotNull(overhead);
        Assert.Equal(12, overhead.Steps);
        Assert.Equal(3, overhead.Checkpoints); // retried posts count once per checkpoint
        Assert.True(overhead.PostingSeconds > 0);
        Assert.InRange(overhead.Heartbeats, 1, _service.Heartbeats.Count);
        Assert.True(overhead.HeartbeatSeconds > 0);
        Assert.InRange(overhead.TrainingStepSeconds, 1e-6, overhead.RunSeconds);
        Assert.Equal(completion.DeviceSeconds, overhead.RunSeconds);
    }

    [Fact]
    public async Task The_lease_schedule_is_what_the_run_trains_with()
    {
        // the same seed and mixture twice: the default schedule, and a list that trains six steps and then stands still
        int[] checkpoints = [6, 12];
        _service.Pending.Enqueue(NewLease(runId: 1, steps: 12, checkpoints: checkpoints));
        double[] rates = [.. Enumerable.Repeat(3e-3, 6), .. Enumerable.Repeat(0.0, 6)];
        _service.Pending.Enqueue(NewLease(runId: 2, steps: 12, checkpoints: checkpoints) with { LearningRateSchedule = new(Rates: rates) });
        using var signals = new StopSignals(listen: false);

        Assert.Equal(0, await Loop(Settings() with { MaxRuns = 2 }, signals).RunAsync());

        Assert.Equal(2, _service.Completions.Count);
        foreach (var domain in _domains.Select(d => d.Name))
        {
            double Loss(string run, int step) => _service.Observations[(run, step, domain)];
            Assert.True(Loss("run-1", 12) < Loss("run-1", 6) - 1e-3, $"{domain}: the default schedule kept learning");
            // a zero rate leaves every weight where it was (AdamW's decay is scaled by the rate too)
            Assert.Equal(Loss("run-2", 6), Loss("run-2", 12), 9);
            Assert.NotEqual(Loss("run-1", 6), Loss("run-2", 6)); // the first six steps differ too: no warm-up, no decay
        }
    }

    [Fact]
    public async Task Continue_false_stops_training_promptly_without_completing_or_failing()
    {
        _service.KeepGoing = false;
        _service.Pending.Enqueue(NewLease(steps: 100_000, checkpoints: [100_000]));
        using var signals = new StopSignals(listen: false);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var exit = await Loop(Settings() with { MaxRuns = 1 }, signals).RunAsync();

        Assert.Equal(0, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        Assert.Empty(_service.Completions);
        Assert.Empty(_service.Failures);
    }

    [Fact]
    public async Task An_interrupted_run_resumes_from_its_checkpoint_and_ends_with_the_uninterrupted_losses()
    {
        var checkpoints = new[] { 10, 20, 30, 40 };
        using (var signals = new StopSignals(listen: false))
        {
            var first = NewLease(runId: 5, steps: 40, checkpoints: checkpoints);
            _service.Pending.Enqueue(first);
            var runDir = RunCheckpointPaths.RunDirectory(Settings().CheckpointRoot, first);
            var loop = Loop(Settings(saveEvery: 5) with { MaxRuns = 1 }, signals).RunAsync();
            // interrupt as soon as the first checkpoint is on disk, as Slurm's SIGUSR1 would
            while (!loop.IsCompleted && !(Directory.Exists(runDir) && Directory.EnumerateDirectories(runDir, "step-*").Any()))
                await Task.Delay(5);
            signals.Request("SIGUSR1", 10);
            Assert.Equal(138, await loop);
            Assert.Empty(_service.Completions);
            Assert.Empty(_service.Failures);
        }

        using (var signals = new StopSignals(listen: false))
        {
            var again = NewLease(runId: 5, attempt: 2, steps: 40, checkpoints: checkpoints);
            _service.Pending.Enqueue(again);
            Assert.Equal(0, await Loop(Settings(saveEvery: 5) with { MaxRuns = 1 }, signals).RunAsync());
            var starts = AttemptLog.StartSteps(RunCheckpointPaths.RunDirectory(Settings().CheckpointRoot, again));
            Assert.Equal(2, starts.Count);
            Assert.Equal(0, starts[0]);
            Assert.True(starts[1] >= 5, $"second attempt started at step {starts[1]}");
            Assert.Equal(again.LeaseId, Assert.Single(_service.Completions).Lease);
            Assert.Equal((40L - starts[1]) * 4 * 16, _service.Completions.Single().Completion.Tokens);
        }

        // the same run without interruption, in its own directory
        using (var signals = new StopSignals(listen: false))
        {
            _service.Pending.Enqueue(NewLease(runId: 6, steps: 40, checkpoints: checkpoints));
            Assert.Equal(0, await Loop(Settings(saveEvery: 5) with { MaxRuns = 1 }, signals).RunAsync());
        }

        foreach (var step in checkpoints)
        foreach (var domain in _domains)
            Assert.Equal(_service.Observations[("run-6", step, domain.Name)], _service.Observations[("run-5", step, domain.Name)], 5);
        Assert.Equal(checkpoints.Length * _domains.Count, _service.Observations.Keys.Count(k => k.Run == "run-5"));
    }

    [Fact]
    public async Task A_run_cancelled_just_before_completion_is_not_reported_as_failed()
    {
        _service.CompleteStatus = 409;
        _service.Pending.Enqueue(NewLease(steps: 4, checkpoints: [4]));
        using var signals = new StopSignals(listen: false);

        Assert.Equal(0, await Loop(Settings() with { MaxRuns = 1 }, signals).RunAsync());
        Assert.Single(_service.Completions);
        Assert.Empty(_service.Failures);
    }

    [Fact]
    public async Task A_bad_lease_is_failed_as_not_retryable_with_the_reason()
    {
        _service.Pending.Enqueue(NewLease(tokenizer: "klingon"));
        using var signals = new StopSignals(listen: false);

        var exit = await Loop(Settings() with { MaxRuns = 1 }, signals).RunAsync();

        Assert.Equal(1, exit);
        var (_, failure) = Assert.Single(_service.Failures);
        Assert.False(failure.Retryable);
        Assert.Contains("klingon", failure.Error);
        Assert.Empty(_service.Completions);
    }
}
