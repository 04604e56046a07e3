using ScalingApi.Host.Sweeps.Executors.Local;
using Xunit;
using static ScalingApi.Api.Tests.Sweeps.LocalExecutorTests;
using static ScalingApi.Api.Tests.Sweeps.StandInWorkerService;
using static ScalingApi.Api.Tests.Sweeps.SweepClient;

namespace ScalingApi.Api.Tests.Sweeps;

/// <summary>
/// The local executor after the service restarted on the database of an earlier run (issue 13): unfinished
/// sweeps resume, worker ids never repeat, and workers the earlier run left behind are stopped before
/// Sweeps:Local:MaxWorkers could be exceeded.
/// </summary>
public sealed class LocalExecutorRestartTests
{
    /// <summary>
    /// An earlier run of the service whose only worker slot is taken by a stand-in that sleeps, so the
    /// sweep's runs stay pending unless the test claims them.
    /// </summary>
    private static async Task<(StandInWorkerService Before, HttpClient Client, long SweepId)> EarlierRunWithPendingSweep(int runs)
    {
        var before = new StandInWorkerService("sleep", maxWorkers: 1);
        var client = before.Start();
        var experiment = await before.Experiment(client);
        var mixtures = Enumerable.Range(0, runs).Select(i => Mix(("a", (i + 1.0) / (runs + 1)), ("b", 1 - (i + 1.0) / (runs + 1)))).ToArray();
        var (sweep, _) = await client.CreateSweep(experiment.Id, Explicit(mixtures) with { Executor = "local" });
        await WaitUntil(() => before.Starts().Count == 1, "the sleeping worker's start");
        return (before, client, sweep.Id);
    }

    [Fact]
    public async Task An_unfinished_sweep_is_resumed_after_a_restart_once_the_server_listens()
    {
        var (before, _, sweepId) = await EarlierRunWithPendingSweep(runs: 2);
        await using var _ = before;
        // no Sweeps:ApiUrl: workers are given the server's bound address, which exists only once it listens —
        // here a good while after the executor started (until then the address is missing or, with port 0, unbound)
        await using var after = new StandInWorkerService("complete", maxWorkers: 1, slowStart: TimeSpan.FromSeconds(2));
        after.CopyDatabaseFrom(before);
        await after.WriteCorpora();

        var client = after.Start();

        var done = await WaitFor(client, sweepId, s => s.Status == "completed");
        Assert.All(done.Runs, r => Assert.Equal(("completed", 1), (r.Status, r.Attempts)));
        // one worker per run, each given the address the server listens on (not one it had not bound yet)
        var listening = client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var urls = after.Starts().Select(s => s.GetProperty("args").EnumerateArray().Select(a => a.GetString()).SkipWhile(a => a != "--api-url").ElementAt(1));
        Assert.Equal([listening, listening], urls);
        var events = await client.GetStringAsync($"/api/sweeps/{sweepId}/events");
        Assert.DoesNotContain("executor-error", events);
    }

    [Fact]
    public async Task Worker_ids_differ_across_restarts_so_a_crashed_worker_releases_only_its_own_lease()
    {
        var (before, beforeClient, sweepId) = await EarlierRunWithPendingSweep(runs: 2);
        await using var _ = before;
        // the earlier run's worker holds a lease and is still training when the service restarts
        var earlierWorker = before.Starts().Single().GetProperty("worker").GetString()!;
        var held = await beforeClient.Claim(sweepId, earlierWorker);
        await using var after = new StandInWorkerService("crash", maxWorkers: 1, announceUrl: true);
        after.CopyDatabaseFrom(before);
        await after.WriteCorpora();

        var client = after.Start();

        // the restarted service's workers crash on the other run until it fails (Sweeps:MaxAttempts = 2)
        var done = await WaitFor(client, sweepId, s => s.Runs.Any(r => r.Status == "failed"));
        var other = done.Runs.Single(r => r.RunId != held.RunId);
        Assert.Equal(("failed", 2), (other.Status, other.Attempts));
        Assert.Contains("exited with code 3", other.LastError);
        var kept = done.Runs.Single(r => r.RunId == held.RunId);
        Assert.Equal(("leased", 1, null, earlierWorker), (kept.Status, kept.Attempts, kept.LastError, kept.WorkerId));
        Assert.True((await client.Heartbeat(held.LeaseId)).Continue);
        var ids = before.Starts().Concat(after.Starts()).Select(s => s.GetProperty("worker").GetString()).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_worker_left_by_a_crashed_service_is_stopped_before_another_starts_and_its_run_resumes()
    {
        var (before, beforeClient, sweepId) = await EarlierRunWithPendingSweep(runs: 2);
        await using var _ = before;
        await using var after = new StandInWorkerService("complete", maxWorkers: 1, announceUrl: true);
        // a worker of the crashed service, still running, holding a lease, its pid file left in the data directory
        const string orphanId = "local-crashed-service-worker";
        var held = await beforeClient.Claim(sweepId, orphanId);
        using var orphan = after.StartSleepingWorker(sweepId, orphanId);
        var pidFiles = new WorkerPidFiles(after.PidDirectory);
        pidFiles.Write(new WorkerPidRecord(orphanId, sweepId, orphan.Id, ProcessStart.Of(orphan.Id)!.Value));
        // a stale pid file whose pid now names another process (started at another time): left alone
        using var bystander = after.StartSleepingWorker(sweepId, "unrelated");
        pidFiles.Write(new WorkerPidRecord("local-long-gone-worker", sweepId, bystander.Id, ProcessStart.Of(bystander.Id)!.Value - 1));
        await WaitUntil(() => after.Starts().Count == 2, "the stand-ins' starts");
        after.CopyDatabaseFrom(before);
        await after.WriteCorpora();

        var client = after.Start();

        var done = await WaitFor(client, sweepId, s => s.Status == "completed", () =>
        {
            var training = after.Starts().Select(s => s.GetProperty("pid").GetInt32()).Where(p => p != bystander.Id && IsRunning(p)).ToList();
            Assert.True(training.Count <= 1, $"{training.Count} workers at once with MaxWorkers = 1");
        });
        Assert.True(orphan.HasExited);
        var resumed = done.Runs.Single(r => r.RunId == held.RunId);
        Assert.Equal(("completed", 2), (resumed.Status, resumed.Attempts));
        Assert.Contains("outlived an earlier run", resumed.LastError);
        Assert.False(bystander.HasExited);
        bystander.Kill();
        await WaitUntil(() => after.Executor.Children.Count == 0, "the workers' exit");
        Assert.Empty(Directory.EnumerateFiles(after.PidDirectory));
    }
}
