namespace ScalingApi.Host.Sweeps.Executors.Slurm;

/// <summary>Sweep events only the Slurm executor writes (the others are in <see cref="SweepEventTypes"/>).</summary>
public static class SlurmEventTypes
{
    /// <summary>An array task changed state or reason as Slurm reports it (PENDING/Priority → RUNNING → …).</summary>
    public const string TaskState = "slurm-task-state";

    /// <summary>An ended task was put back into the queue with <c>scontrol requeue</c>.</summary>
    public const string TaskRequeued = "slurm-task-requeued";
}
