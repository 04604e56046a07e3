using Microsoft.Extensions.Options;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>
/// Workers started by an earlier run of this service that outlived it (the service crashed or was killed
/// with SIGKILL, so nothing stopped its children). They would train unmanaged next to the workers this run
/// starts and break Sweeps:Local:MaxWorkers, so at start every live one found through its pid file is asked
/// to stop (SIGTERM: it saves a checkpoint at the step it reached) and is killed if it has not exited after
/// Sweeps:Local:OrphanStopSeconds. Until it is gone it counts toward MaxWorkers. Used from the executor's
/// loop only, so it needs no locking.
/// </summary>
public sealed class OrphanWorkers(WorkerPidFiles files, IOptions<SweepOptions> options, TimeProvider clock, ILogger<OrphanWorkers> logger)
{
    private readonly List<Stopping> _stopping = [];
    private readonly List<WorkerPidRecord> _gone = [];

    private sealed record Stopping(WorkerPidRecord Worker, DateTimeOffset AskedAt)
    {
        public bool Killed { get; set; }
    }

    /// <summary>Orphans asked to stop that have not exited yet.</summary>
    public int Running => _stopping.Count;

    /// <summary>Reads the pid files left by the previous run; call once, before starting any worker.</summary>
    public void StopAll()
    {
        foreach (var worker in files.ReadAll())
        {
            if (ProcessStart.Of(worker.ProcessId) != worker.ProcessStart)
            {
                _gone.Add(worker); // died with (or after) the previous run
                continue;
            }
            logger.LogWarning(
                "Worker {WorkerId} (pid {Pid}, sweep {SweepId}) outlived an earlier run of the service; asking it to save a checkpoint and stop",
                worker.WorkerId, worker.ProcessId, worker.SweepId);
            ProcessSignals.Terminate(worker.ProcessId);
            _stopping.Add(new Stopping(worker, clock.GetUtcNow()));
        }
    }

    /// <summary>
    /// The orphans that have exited since the last call (their pid files are removed; the caller releases
    /// their leases so the runs resume at once). Kills those that ignored the stop request for too long.
    /// </summary>
    public IReadOnlyList<WorkerPidRecord> TakeExited()
    {
        var grace = TimeSpan.FromSeconds(options.Value.Local.OrphanStopSeconds);
        foreach (var orphan in _stopping.ToArray())
        {
            if (ProcessStart.Of(orphan.Worker.ProcessId) != orphan.Worker.ProcessStart)
            {
                _stopping.Remove(orphan);
                _gone.Add(orphan.Worker);
            }
            else if (!orphan.Killed && clock.GetUtcNow() - orphan.AskedAt > grace)
            {
                logger.LogWarning("Worker {WorkerId} (pid {Pid}) did not stop within {Grace}; killing it", orphan.Worker.WorkerId, orphan.Worker.ProcessId, grace);
                ProcessSignals.Kill(orphan.Worker.ProcessId);
                orphan.Killed = true;
            }
        }
        var exited = _gone.ToArray();
        _gone.Clear();
        foreach (var worker in exited)
        {
            try { files.Delete(worker.ProcessId); }
            catch (IOException e) { logger.LogWarning("Could not remove the pid file of worker {WorkerId}: {Reason}", worker.WorkerId, e.Message); }
        }
        return exited;
    }
}
