namespace ScalingApi.Slurm;

/// <summary>Slurm job states that matter to a sweep (see squeue(1) "JOB STATE CODES").</summary>
public enum SlurmJobState
{
    Unknown,
    Pending,
    Configuring,
    Running,
    Completing,
    Suspended,
    Stopped,
    Requeued,
    RequeueHold,
    Resizing,
    Completed,
    Cancelled,
    Failed,
    Timeout,
    Preempted,
    NodeFail,
    BootFail,
    Deadline,
    OutOfMemory,
}

public static class SlurmJobStates
{
    /// <summary>
    /// Reads a state as squeue, scontrol or sacct print it: <c>RUNNING</c>, <c>CANCELLED by 0</c>,
    /// <c>CANCELLED+</c> (sacct truncation), <c>OUT_OF_MEMORY</c>, short codes such as <c>PD</c>.
    /// Anything else is <see cref="SlurmJobState.Unknown"/> rather than an error: newer Slurm
    /// versions add states, and a status poll must not fail on them.
    /// </summary>
    public static SlurmJobState Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SlurmJobState.Unknown;
        var word = text.Trim().Split(' ', 2)[0].TrimEnd('+').ToUpperInvariant();
        return word switch
        {
            "PENDING" or "PD" => SlurmJobState.Pending,
            "CONFIGURING" or "CF" => SlurmJobState.Configuring,
            "RUNNING" or "R" => SlurmJobState.Running,
            "COMPLETING" or "CG" => SlurmJobState.Completing,
            "SUSPENDED" or "S" => SlurmJobState.Suspended,
            "STOPPED" or "ST" => SlurmJobState.Stopped,
            "REQUEUED" or "RQ" or "REQUEUE_FED" or "RF" => SlurmJobState.Requeued,
            "REQUEUE_HOLD" or "RH" => SlurmJobState.RequeueHold,
            "RESIZING" or "RS" => SlurmJobState.Resizing,
            "COMPLETED" or "CD" => SlurmJobState.Completed,
            "CANCELLED" or "CA" => SlurmJobState.Cancelled,
            "FAILED" or "F" => SlurmJobState.Failed,
            "TIMEOUT" or "TO" => SlurmJobState.Timeout,
            "PREEMPTED" or "PR" => SlurmJobState.Preempted,
            "NODE_FAIL" or "NF" => SlurmJobState.NodeFail,
            "BOOT_FAIL" or "BF" => SlurmJobState.BootFail,
            "DEADLINE" or "DL" => SlurmJobState.Deadline,
            "OUT_OF_MEMORY" or "OOM" => SlurmJobState.OutOfMemory,
            _ => SlurmJobState.Unknown,
        };
    }

    /// <summary>True when Slurm will not run the task again by itself.</summary>
    public static bool IsFinal(this SlurmJobState state) => state is
        SlurmJobState.Completed or SlurmJobState.Cancelled or SlurmJobState.Failed or
        SlurmJobState.Timeout or SlurmJobState.Preempted or SlurmJobState.NodeFail or
        SlurmJobState.BootFail or SlurmJobState.Deadline or SlurmJobState.OutOfMemory;
}
