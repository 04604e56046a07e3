using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>
/// Trains sweeps on this machine with worker child processes, at most Sweeps:Local:MaxWorkers at a
/// time. It keeps no run state of its own: it starts a worker whenever a sweep it owns has more
/// claimable runs (pending, retried, or returned by the reaper) than idle workers, so after a
/// restart it simply resumes every unfinished local sweep. Children are killed on cancel and shutdown.
/// Each child has a pid file under the data directory, so workers that outlive a crash of the service are
/// found and stopped by its next start (<see cref="OrphanWorkers"/>); see docs/sweeps-operations.md.
/// </summary>
public sealed class LocalExecutor(
    IServiceScopeFactory scopes, WorkerLaunch launch, WorkerPidFiles pidFiles, OrphanWorkers orphans, IHostApplicationLifetime lifetime,
    IOptions<SweepOptions> options, ILogger<LocalExecutor> logger)
    : BackgroundService, ISweepExecutor
{
    public const string ExecutorName = "local";

    private readonly ConcurrentDictionary<long, byte> _sweeps = new();
    private readonly ConcurrentDictionary<int, WorkerProcess> _children = new();
    private readonly ConcurrentDictionary<long, string> _startErrors = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _started;

    /// <summary>
    /// Part of every worker id, new at each start of the service: worker ids never repeat across restarts,
    /// so releasing the leases of "worker n" can never end a lease held by an earlier run's worker n.
    /// </summary>
    public string BootId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public string Name => ExecutorName;

    /// <summary>Worker processes currently running (for status and tests).</summary>
    public IReadOnlyCollection<WorkerProcess> Children => _children.Values.ToArray();

    public Task SubmitAsync(SweepSubmission sweep, CancellationToken ct)
    {
        _sweeps[sweep.SweepId] = 0;
        _wake.Release();
        return Task.CompletedTask;
    }

    public Task CancelAsync(long sweepId, CancellationToken ct)
    {
        _sweeps.TryRemove(sweepId, out _);
        foreach (var child in _children.Values.Where(c => c.SweepId == sweepId)) child.Kill();
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A worker needs the service's URL: before the server listens it has none (unless Sweeps:ApiUrl is set).
        await ServerStarted(stoppingToken);
        try
        {
            orphans.StopAll();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the sweeps still run; only a crash of the previous run could have left workers behind
            logger.LogError(e, "Could not read the pid files of earlier workers in {Directory}", pidFiles.Directory);
        }
        using (var scope = scopes.CreateScope())
        {
            foreach (var sweep in scope.ServiceProvider.GetRequiredService<SweepStore>().Unfinished(ExecutorName)) _sweeps[sweep.Id] = 0;
        }
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.Local.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var orphan in orphans.TakeExited()) ReleaseLeasesOf(orphan.WorkerId, "its worker outlived an earlier run of the service and was stopped");
                StartNeededWorkers();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Local executor pass failed; retrying in {Poll}", poll);
            }
            try { await _wake.WaitAsync(poll, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var child in _children.Values)
        {
            child.Kill();
            ForgetPidFile(child);
        }
    }

    private async Task ServerStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    private void StartNeededWorkers()
    {
        var max = options.Value.Local.MaxWorkers;
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<SweepStore>();
        var now = DateTimeOffset.UtcNow;
        foreach (var sweepId in _sweeps.Keys.Order())
        {
            var sweep = store.Find(sweepId);
            var children = _children.Values.Count(c => c.SweepId == sweepId);
            if (sweep is null || SweepStatus.IsFinal(sweep.Status))
            {
                if (children == 0) _sweeps.TryRemove(sweepId, out _);
                continue;
            }
            var runs = store.Runs(sweepId);
            var claimable = runs.Count(r => r.Status == SweepStatus.Pending
                                            || r.Status == SweepStatus.Leased && SweepTime.Parse(r.LeaseExpiresAt) < now);
            var training = runs.Count(r => r.Status == SweepStatus.Leased && !(SweepTime.Parse(r.LeaseExpiresAt) < now));
            // Children that have not claimed (or are between runs) will take claimable runs themselves.
            var idle = Math.Max(0, children - training);
            // orphans of an earlier run still stopping occupy their slots: MaxWorkers counts every training process
            for (var needed = claimable - idle; needed > 0 && _children.Count + orphans.Running < max; needed--)
                if (!Start(sweepId)) break;
        }
    }

    /// <returns>False when no worker could be started; the sweep stays and the next pass tries again.</returns>
    private bool Start(long sweepId)
    {
        var workerId = $"local-{Environment.MachineName}-{BootId}-{sweepId}-{Interlocked.Increment(ref _started)}";
        WorkerStart start;
        try
        {
            start = launch.For(sweepId, workerId);
        }
        catch (InvalidOperationException e)
        {
            // Misconfiguration: leave the runs pending (visible in the status), say what to set — once per
            // distinct reason, not every pass — and keep trying, so fixing the cause needs no restart.
            if (_startErrors.TryGetValue(sweepId, out var reported) && reported == e.Message) return false;
            _startErrors[sweepId] = e.Message;
            logger.LogError("Cannot start a local worker for sweep {SweepId} (will retry): {Reason}", sweepId, e.Message);
            RecordExecutorError(sweepId, e.Message);
            return false;
        }
        _startErrors.TryRemove(sweepId, out _);
        var child = WorkerProcess.Start(sweepId, workerId, start, logger);
        _children[child.ProcessId] = child;
        RecordPidFile(child);
        logger.LogInformation("Started worker {WorkerId} (pid {Pid}) for sweep {SweepId}: {Program} {Arguments}",
            workerId, child.ProcessId, sweepId, start.Program, string.Join(' ', start.Arguments));
        _ = child.Exited.ContinueWith(t => OnExit(child, t.Result), TaskScheduler.Default);
        return true;
    }

    private void OnExit(WorkerProcess child, int exitCode)
    {
        _children.TryRemove(child.ProcessId, out _);
        ForgetPidFile(child);
        if (exitCode == 0) logger.LogInformation("Worker {WorkerId} exited", child.WorkerId);
        else
        {
            logger.LogWarning("Worker {WorkerId} exited with code {Code}", child.WorkerId, exitCode);
            if (!child.Killed) ReleaseLeasesOf(child.WorkerId, exitCode);
        }
        _wake.Release();
    }

    private void RecordPidFile(WorkerProcess child)
    {
        try
        {
            if (ProcessStart.Of(child.ProcessId) is { } started) // null: it already exited
                pidFiles.Write(new WorkerPidRecord(child.WorkerId, child.SweepId, child.ProcessId, started));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // it trains all the same; only a crash of the service would leave it unmanaged (until its lease lapses)
            logger.LogWarning("Could not write the pid file of worker {WorkerId}: {Reason}", child.WorkerId, e.Message);
        }
    }

    private void ForgetPidFile(WorkerProcess child)
    {
        try { pidFiles.Delete(child.ProcessId); }
        catch (IOException e) { logger.LogWarning("Could not remove the pid file of worker {WorkerId}: {Reason}", child.WorkerId, e.Message); }
    }

    /// <summary>A crashed worker cannot heartbeat: end its attempt now instead of waiting for the lease to lapse.</summary>
    private void ReleaseLeasesOf(string workerId, int exitCode) => ReleaseLeasesOf(workerId, $"worker process exited with code {exitCode}");

    private void ReleaseLeasesOf(string workerId, string error)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<LeaseService>().ReleaseWorker(workerId, error);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not release the leases of worker {WorkerId}", workerId);
        }
    }

    private void RecordExecutorError(long sweepId, string error)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ScalingApi.Storage.DbSession>();
        using var write = db.BeginWrite();
        scope.ServiceProvider.GetRequiredService<SweepEventLog>().Append(sweepId, SweepEventTypes.ExecutorError, new { executor = ExecutorName, error });
        write.Commit();
    }
}
