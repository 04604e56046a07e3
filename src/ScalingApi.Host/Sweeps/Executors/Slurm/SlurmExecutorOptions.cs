namespace ScalingApi.Host.Sweeps.Executors.Slurm;

/// <summary>
/// Bound from <c>Sweeps:Slurm</c>: how the service watches its job arrays. What the jobs look like
/// (partition, GPUs, worker command…) is configured in the <c>Slurm</c> section (<see cref="ScalingApi.Slurm.SlurmOptions"/>).
/// </summary>
public sealed class SlurmExecutorOptions
{
    public const string Section = "Sweeps:Slurm";

    /// <summary>Seconds between two polls of the array tasks' states (scontrol/sacct; one call per active sweep).</summary>
    public double PollSeconds { get; set; } = 15;

    /// <summary>
    /// After <c>scontrol requeue</c>, ask Slurm to start the task in two seconds instead of after its requeue delay
    /// (about two minutes). Needs operator rights or job ownership; when refused the task simply starts later.
    /// </summary>
    public bool SkipRequeueDelay { get; set; } = true;
}
