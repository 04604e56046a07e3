using ScalingApi.Slurm;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps.Executors.Slurm;

/// <summary>What the monitor does about one array task after comparing Slurm's view with the lease protocol's.</summary>
public enum SlurmTaskAction
{
    /// <summary>Only record Slurm's state: the task is queued or running, or its run is already final.</summary>
    None,

    /// <summary>The task ended without its run completing and attempts remain: end the attempt (if leased) and <c>scontrol requeue</c> the task.</summary>
    Requeue,

    /// <summary>The task ended without its run completing and retrying cannot help or no attempts remain: the run fails with Slurm's reason.</summary>
    Fail,
}

/// <param name="ExternalState">Slurm's state as Slurm spells it (<c>PENDING</c>, <c>NODE_FAIL</c>); null when Slurm does not know the task.</param>
/// <param name="ExternalReason">Slurm's reason (<c>Priority</c>, <c>JobArrayTaskLimit</c>, <c>NonZeroExitCode</c>), with the exit code of an ended task.</param>
/// <param name="Error">Why the run's attempt ended, for its <c>lastError</c>; null with <see cref="SlurmTaskAction.None"/>.</param>
public sealed record SlurmTaskVerdict(SlurmTaskAction Action, string? ExternalState, string? ExternalReason, string? Error);

/// <summary>The run as the lease protocol sees it: status (pending, leased, completed…) and attempts used.</summary>
public sealed record LeaseView(string Status, int Attempts);

/// <summary>
/// Combines a task's Slurm state with its run's lease state (pure: no I/O). The lease protocol stays the
/// authority while the worker lives (heartbeats, completion); Slurm's state decides only once the task has
/// ended, because then no worker of this task can still be training the run:
/// <list type="bullet">
/// <item>queued or running, or the run already final → nothing to do (the state is shown);</item>
/// <item>ended (any final state, even COMPLETED) while the run is not completed, attempts left → requeue the
/// task, whose worker resumes from the run's checkpoint (TIMEOUT, PREEMPTED, NODE_FAIL, FAILED, CANCELLED by
/// someone else, a worker that exited without finishing);</item>
/// <item>ended with OUT_OF_MEMORY or DEADLINE → fail: a retry would hit the same limit;</item>
/// <item>ended after Slurm already restarted the task Sweeps:MaxAttempts times → fail (bounds requeues that
/// never reach a claim, which use no lease attempt);</item>
/// <item>ended before its worker ever claimed the run → fail: the worker could not start or reach the service,
/// which a requeue does not fix (the task's .err file says why);</item>
/// <item>Slurm no longer knows the task (purged) while the run is unfinished → fail.</item>
/// </list>
/// </summary>
public static class SlurmTaskReconciler
{
    public static SlurmTaskVerdict Decide(string jobId, int taskIndex, SlurmTaskState? task, LeaseView run, int maxAttempts)
    {
        var taskId = $"{jobId}_{taskIndex}";
        if (task is null)
        {
            return SweepStatus.IsFinal(run.Status)
                ? new(SlurmTaskAction.None, null, null, null)
                : new(SlurmTaskAction.Fail, null, null, $"Slurm no longer knows task {taskId} (purged or removed) and its run is {run.Status}");
        }

        var state = task.State.ToSlurmName();
        var reason = Describe(task);
        if (SweepStatus.IsFinal(run.Status) || !task.State.IsFinal())
            return new(SlurmTaskAction.None, state, reason, null);

        var ended = $"Slurm task {taskId} ended {state}{(reason is null ? "" : $" ({reason})")} before its worker completed the run";
        if (task.State is SlurmJobState.OutOfMemory or SlurmJobState.Deadline)
            return new(SlurmTaskAction.Fail, state, reason, $"{ended}; not retried: a retry would hit the same limit");
        if (run.Attempts == 0)
            return new(SlurmTaskAction.Fail, state, reason,
                $"{ended}; the worker never claimed its run (could it start and reach the API URL? see slurm-{jobId}_{taskIndex}.err)");
        // Requeues that never led to a claim (the task keeps dying before its worker starts) use no attempt;
        // Slurm's own restart count bounds them.
        if (task.Restarts is { } restarts && restarts >= maxAttempts)
            return new(SlurmTaskAction.Fail, state, reason, $"{ended}; not requeued again: Slurm already restarted it {restarts} times");
        // A leased run's attempt ends now; a pending one had its attempt ended already (lease expired or worker reported failure).
        var attemptsUsed = run.Attempts;
        return attemptsUsed < maxAttempts
            ? new(SlurmTaskAction.Requeue, state, reason, $"{ended}; requeued for attempt {attemptsUsed + 1} of {maxAttempts}")
            : new(SlurmTaskAction.Fail, state, reason, $"{ended}; no attempts left ({attemptsUsed} of {maxAttempts} used)");
    }

    /// <summary>Slurm's reason, plus the exit code (<c>code:signal</c>) of an ended task when it is not a clean 0:0.</summary>
    private static string? Describe(SlurmTaskState task)
    {
        var exit = task.ExitCode is { } code && (code.Code != 0 || code.Signal != 0) ? $"exit {code}" : null;
        return (task.Reason, exit) switch
        {
            (null, null) => null,
            ({ } r, null) => r,
            (null, { } e) => e,
            ({ } r, { } e) => $"{r}, {e}",
        };
    }
}
