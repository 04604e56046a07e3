using System.Globalization;
using System.Text.RegularExpressions;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

/// <summary>
/// The worker binary as Slurm and the local executor start it: SIGTERM/SIGUSR1 save a checkpoint and exit
/// 128+signal without failing the lease; SIGKILL loses at most one save interval; every re-lease resumes.
/// </summary>
public sealed class WorkerProcessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private FakeLeaseService _service = null!;
    private IReadOnlyList<LeaseDomain> _domains = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeLeaseService.StartAsync();
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(Path.Combine(_dir.Path, "corpus"), Domains: 2, DocumentsPerDomain: 40, DocumentLength: 200, Seed: 2));
        _domains = generated.Select(d => new LeaseDomain(d.Name, 0.5, Directory.GetFiles(d.Directory, "*.txt"))).ToArray();
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _dir.Dispose();
    }

    private string CheckpointRoot => Path.Combine(_dir.Path, "ck");

    private WorkerProcess StartWorker(int saveEvery = 10) => WorkerProcess.Start(FakeLeaseService.Key,
        // the Slurm batch script's shape: no `run` word, a task index, then the worker options
        "--api-url", _service.Url.AbsoluteUri, "--sweep", "1", "--task-index", "0", "--checkpoint-dir", CheckpointRoot,
        "--max-runs", "1", "--threads", "1", "--save-every", saveEvery.ToString(CultureInfo.InvariantCulture), "--stop-grace-seconds", "30");

    private static int[] CheckpointSteps(string runDirectory) => Directory.EnumerateDirectories(runDirectory, "step-*")
        .Select(d => int.Parse(Path.GetFileName(d)["step-".Length..], CultureInfo.InvariantCulture)).Order().ToArray();

    /// <summary>The step the worker had reached when a signal stopped it, from its attempt log ("interrupted-by=… step=N").</summary>
    private static int InterruptedAtStep(string runDirectory)
    {
        var line = File.ReadLines(RunCheckpointPaths.AttemptLog(runDirectory)).Last(l => l.Contains("interrupted-by="));
        var match = Regex.Match(line, @" step=(\d+)");
        Assert.True(match.Success, $"no step in '{line}'");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the worker has logged progress past <paramref name="step"/>; returns the step it logged.</summary>
    private static async Task<int> WaitForProgressPast(int step, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !worker.HasExited)
        {
            var reached = Regex.Matches(worker.Output, @"step (\d+)/\d+ loss").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            if (reached > step) return reached;
            await Task.Delay(10);
        }
        throw new TimeoutException($"no progress past step {step}:\n{worker.Output}");
    }

    private static async Task WaitForCheckpointAfter(string runDirectory, int step, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !worker.HasExited)
        {
            if (Directory.Exists(runDirectory) && Directory.EnumerateDirectories(runDirectory, "step-*")
                    .Any(d => int.Parse(Path.GetFileName(d)["step-".Length..]) > step))
                return;
            await Task.Delay(10);
        }
        throw new TimeoutException($"no checkpoint after step {step}:\n{worker.Output}");
    }

    [Fact]
    public async Task Sigterm_then_sigkill_then_a_full_run_resume_each_time_and_post_every_loss_once()
    {
        const int steps = 300;
        int[] checkpoints = [100, 200, 300];
        Lease Lease(int attempt) => TestLeases.Create(sweepId: 1, runId: 9, attempt: attempt, domains: _domains, steps: steps,
            checkpoints: checkpoints, heartbeatSeconds: 3, runName: "run-9");
        var runDirectory = RunCheckpointPaths.RunDirectory(CheckpointRoot, 1, 9);

        _service.Pending.Enqueue(Lease(1));
        using (var worker = StartWorker())
        {
            await WaitForCheckpointAfter(runDirectory, 0, worker);
            worker.Signal("TERM");
            Assert.Equal(143, await worker.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("interrupted by SIGTERM", worker.Output);
        }
        var afterTerm = AttemptLog.StartSteps(runDirectory);
        Assert.Equal(new[] { 0 }, afterTerm);
        // SIGTERM saved the step training had reached, not only the previous scheduled save
        Assert.Equal(InterruptedAtStep(runDirectory), CheckpointSteps(runDirectory).Max());

        _service.Pending.Enqueue(Lease(2));
        int resumedAt;
        using (var worker = StartWorker())
        {
            // wait until it resumed and saved something newer, then pull the plug
            while (AttemptLog.StartSteps(runDirectory).Count < 2) await Task.Delay(10);
            resumedAt = AttemptLog.StartSteps(runDirectory)[1];
            Assert.True(resumedAt >= 10, $"second attempt started at {resumedAt}:\n{worker.Output}");
            await WaitForCheckpointAfter(runDirectory, resumedAt, worker);
            worker.KillHard();
            await worker.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _service.Pending.Enqueue(Lease(3));
        using (var worker = StartWorker())
        {
            Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromSeconds(120)));
            Assert.Contains("resumed from checkpoint step", worker.Output);
        }

        var starts = AttemptLog.StartSteps(runDirectory);
        Assert.Equal(3, starts.Count);
        Assert.True(starts[2] > resumedAt, $"third attempt started at {starts[2]}, second at {resumedAt}");
        Assert.Empty(_service.Failures);
        Assert.Single(_service.Completions);
        Assert.All(_service.LeaseRequests, r => Assert.Equal(0, r.TaskIndex));
        var expected = checkpoints.SelectMany(s => _domains.Select(d => ("run-9", s, d.Name))).Order();
        Assert.Equal(expected, _service.Observations.Keys.Order());
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("USR1", 138)]
    public async Task A_stop_signal_saves_a_checkpoint_at_the_step_reached(string signal, int exitCode)
    {
        _service.Pending.Enqueue(TestLeases.Create(runId: 3, domains: _domains, steps: 100_000, checkpoints: [100_000], runName: "run-3"));
        var runDirectory = RunCheckpointPaths.RunDirectory(CheckpointRoot, 1, 3);
        // no scheduled save before the end of the run: any checkpoint must come from the signal
        using var worker = StartWorker(saveEvery: 100_000);
        var seenBeforeSignal = await WaitForProgressPast(20, worker);

        worker.Signal(signal);

        Assert.Equal(exitCode, await worker.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Empty(_service.Failures);
        Assert.Empty(_service.Completions);
        Assert.Contains($"interrupted-by=SIG{signal}", File.ReadAllText(RunCheckpointPaths.AttemptLog(runDirectory)));
        var stoppedAt = InterruptedAtStep(runDirectory);
        Assert.True(stoppedAt >= seenBeforeSignal, $"stopped at {stoppedAt}, had logged {seenBeforeSignal}:\n{worker.Output}");
        Assert.Equal(new[] { stoppedAt }, CheckpointSteps(runDirectory));
    }
}
