namespace ScalingApi.Slurm;

public static class SlurmJobStateNames
{
    /// <summary>The state as Slurm spells it (<c>PENDING</c>, <c>NODE_FAIL</c>, <c>OUT_OF_MEMORY</c>…), for users who read squeue.</summary>
    public static string ToSlurmName(this SlurmJobState state) => state switch
    {
        SlurmJobState.RequeueHold => "REQUEUE_HOLD",
        SlurmJobState.NodeFail => "NODE_FAIL",
        SlurmJobState.BootFail => "BOOT_FAIL",
        SlurmJobState.OutOfMemory => "OUT_OF_MEMORY",
        _ => state.ToString().ToUpperInvariant(),
    };
}
