using Microsoft.Extensions.Options;
using ScalingApi.Slurm;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps.Executors.Slurm;

/// <summary>
/// One monitoring pass over one sweep: reads its array tasks' states from Slurm, stores them with the runs,
/// and applies <see cref="SlurmTaskReconciler"/>'s verdicts (end the attempt and requeue, or fail the run).
/// Slurm is asked first and the runs are read afterwards inside the write transaction, so a worker that
/// completed its run before its task ended is always seen as completed.
/// </summary>
public sealed class SlurmSweepSync(
    DbSession db, SweepStore sweeps, LeaseStore leases, LeaseService leaseService, SweepEventLog events, SlurmClient slurm,
    IOptions<SweepOptions> sweepOptions, IOptions<SlurmExecutorOptions> options, ILogger<SlurmSweepSync> logger)
{
    /// <returns>False once the sweep needs no more watching: it is final and Slurm reports no task still queued or running.</returns>
    public async Task<bool> SyncAsync(long sweepId, CancellationToken ct)
    {
        var sweep = sweeps.Find(sweepId);
        if (sweep is null) return false;
        if (sweep.ExternalJobId is not { } jobId) return !SweepStatus.IsFinal(sweep.Status);

        IReadOnlyList<SlurmTaskState> states;
        try
        {
            states = await slurm.GetTaskStatesAsync(jobId, ct);
        }
        catch (SlurmCommandException e)
        {
            // Slurm is briefly unreachable (controller restart, timeout): keep the last known states and try again.
            logger.LogWarning("Could not read the states of Slurm job {JobId} (sweep {SweepId}): {Error}", jobId, sweepId, e.Message);
            return true;
        }
        var byTask = states.Where(s => s.TaskIndex is not null).GroupBy(s => s.TaskIndex!.Value).ToDictionary(g => g.Key, g => g.First());

        var requeue = new List<SweepRunRow>();
        using (var write = db.BeginWrite())
        {
            sweep = sweeps.Find(sweepId)!;
            foreach (var run in sweeps.Runs(sweepId))
            {
                var task = byTask.GetValueOrDefault((int)run.TaskIndex);
                var verdict = SlurmTaskReconciler.Decide(jobId, (int)run.TaskIndex, task, new LeaseView(run.Status, (int)run.Attempts),
                    sweepOptions.Value.MaxAttempts);
                RecordState(sweepId, run, verdict);
                switch (verdict.Action)
                {
                    case SlurmTaskAction.Requeue:
                        leases.EndAttempt(run.Id, SweepStatus.Pending, verdict.Error, keepLease: false);
                        requeue.Add(run);
                        break;
                    case SlurmTaskAction.Fail:
                        Fail(sweepId, run, verdict.Error!);
                        break;
                }
            }
            leaseService.RefreshStatus(sweep);
            write.Commit();
        }

        foreach (var run in requeue) await RequeueAsync(sweepId, jobId, run, ct);
        return !SweepStatus.IsFinal(sweeps.Find(sweepId)!.Status) || byTask.Values.Any(t => !t.State.IsFinal());
    }

    private void RecordState(long sweepId, SweepRunRow run, SlurmTaskVerdict verdict)
    {
        // A task Slurm no longer reports keeps its last known state.
        if (verdict.ExternalState is null) return;
        if (verdict.ExternalState == run.ExternalState && verdict.ExternalReason == run.ExternalReason) return;
        sweeps.SetExternalState(sweepId, (int)run.TaskIndex, verdict.ExternalState, verdict.ExternalReason);
        events.Append(sweepId, SlurmEventTypes.TaskState,
            new { run.RunId, run.RunName, run.TaskIndex, state = verdict.ExternalState, reason = verdict.ExternalReason });
    }

    private void Fail(long sweepId, SweepRunRow run, string error)
    {
        leases.EndAttempt(run.Id, SweepStatus.Failed, error, keepLease: false);
        events.Append(sweepId, SweepEventTypes.RunFailed, new { run.RunId, run.RunName, run.TaskIndex, attempt = run.Attempts, error });
    }

    private async Task RequeueAsync(long sweepId, string jobId, SweepRunRow run, CancellationToken ct)
    {
        var taskIndex = (int)run.TaskIndex;
        try
        {
            await slurm.RequeueAsync(jobId, taskIndex, ct);
        }
        catch (SlurmCommandException e)
        {
            using var write = db.BeginWrite();
            Fail(sweepId, run, $"the Slurm task {jobId}_{taskIndex} ended and could not be requeued: {e.Message}");
            leaseService.RefreshStatus(sweeps.Find(sweepId)!);
            write.Commit();
            return;
        }
        var startsSoon = options.Value.SkipRequeueDelay && await slurm.TryStartSoonAsync(jobId, taskIndex, ct);
        logger.LogInformation("Requeued Slurm task {JobId}_{TaskIndex} (run {RunId}) of sweep {SweepId}", jobId, taskIndex, run.RunId, sweepId);
        using (var write = db.BeginWrite())
        {
            events.Append(sweepId, SlurmEventTypes.TaskRequeued, new { run.RunId, run.RunName, run.TaskIndex, jobId, skippedRequeueDelay = startsSoon });
            write.Commit();
        }
    }
}
