using System.Diagnostics;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

/// <summary>
/// A worker whose service died (crash, SIGKILL) must not train on unmanaged: once it cannot renew its lease
/// before the expiry, another worker may be given the run, so it abandons training, keeps its checkpoints
/// and exits non-zero.
/// </summary>
public sealed class LeaseLostTests : IAsyncLifetime
{
    private const int LeaseSeconds = 8;
    private readonly TempDirectory _dir = new();
    private FakeLeaseService _service = null!;
    private IReadOnlyList<LeaseDomain> _domains = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeLeaseService.StartAsync();
        _service.LeaseSeconds = LeaseSeconds;
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(Path.Combine(_dir.Path, "corpus"), Domains: 2, DocumentsPerDomain: 40, DocumentLength: 200, Seed: 4));
        _domains = generated.Select(d => new LeaseDomain(d.Name, 0.5, Directory.GetFiles(d.Directory, "*.txt"))).ToArray();
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_worker_whose_service_is_gone_abandons_the_run_before_its_lease_lapses_and_keeps_its_checkpoints()
    {
        var checkpointRoot = Path.Combine(_dir.Path, "ck");
        // far more steps than the test lasts, heartbeats every third of a second
        _service.Pending.Enqueue(TestLeases.Create(runId: 5, domains: _domains, steps: 100_000, checkpoints: [100_000], heartbeatSeconds: 1, runName: "run-5")
            with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(LeaseSeconds) });
        var runDirectory = RunCheckpointPaths.RunDirectory(checkpointRoot, 1, 5);
        using var worker = WorkerProcess.Start(FakeLeaseService.Key,
            "run", "--api-url", _service.Url.AbsoluteUri, "--sweep", "1", "--checkpoint-dir", checkpointRoot,
            "--threads", "1", "--save-every", "10");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!(Directory.Exists(runDirectory) && Directory.EnumerateDirectories(runDirectory, "step-*").Any()))
        {
            Assert.True(DateTime.UtcNow < deadline && !worker.HasExited, $"no checkpoint within 90 s:\n{worker.Output}");
            await Task.Delay(20);
        }
        Assert.NotEmpty(_service.Heartbeats);

        var gone = Stopwatch.StartNew();
        await _service.StopAsync();

        Assert.Equal(LeaseLoop.LeaseLostExitCode, await worker.WaitAsync(TimeSpan.FromSeconds(60)));
        // the lease ran LeaseSeconds past the last answered beat; the rest is slack for a loaded machine
        Assert.True(gone.Elapsed < TimeSpan.FromSeconds(LeaseSeconds + 15), $"stopped after {gone.Elapsed}");
        Assert.Contains("could not be renewed", worker.Output);
        Assert.Contains("lease-lost", File.ReadAllText(RunCheckpointPaths.AttemptLog(runDirectory)));
        Assert.NotEmpty(Directory.EnumerateDirectories(runDirectory, "step-*"));
        Assert.Empty(_service.Failures);
        Assert.Empty(_service.Completions);
        Assert.Single(_service.LeaseRequests); // it did not go looking for more work either
    }
}
