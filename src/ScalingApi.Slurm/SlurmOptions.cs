namespace ScalingApi.Slurm;

/// <summary>How sweeps are submitted to Slurm; bound from the <c>Slurm</c> configuration section.</summary>
public sealed class SlurmOptions
{
    public const string SectionName = "Slurm";

    public string? Partition { get; set; }
    public string? Account { get; set; }
    public string? Qos { get; set; }

    /// <summary>GPUs per array task, emitted as <c>--gres=gpu:N</c>; null or 0 for CPU-only tasks.</summary>
    public int? GpusPerTask { get; set; }
    public int? CpusPerTask { get; set; }

    /// <summary>Memory per task in Slurm's syntax, e.g. <c>16G</c> or <c>4000M</c>.</summary>
    public string? MemoryPerTask { get; set; }

    /// <summary>Wall-clock limit per task in Slurm's syntax, e.g. <c>02:00:00</c> or <c>1-00:00:00</c>.</summary>
    public string? TimeLimit { get; set; }

    /// <summary>At most this many array tasks run at once (the array's <c>%N</c>); null = no cap.</summary>
    public int? MaxConcurrentTasks { get; set; }

    /// <summary>Extra batch directives, each written as <c>#SBATCH &lt;directive&gt;</c>, e.g. <c>--constraint=a100</c>.</summary>
    public List<string> ExtraDirectives { get; set; } = [];

    /// <summary>Environment variables exported by the batch script (not secrets: the script is shown to users).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>The worker executable as seen from the compute nodes, e.g. <c>/shared/scalingapi/worker/scalingapi-worker</c> (the published apphost).</summary>
    public string WorkerCommand { get; set; } = "scalingapi-worker";

    /// <summary>Arguments placed before the ones the service adds (API URL, sweep, task index, checkpoint directory).</summary>
    public List<string> WorkerArguments { get; set; } = [];

    /// <summary>Shared directory for batch output files; also the tasks' working directory.</summary>
    public string WorkingDirectory { get; set; } = "/tmp/scalingapi-slurm";

    /// <summary>Shared directory where workers keep checkpoints, so a requeued task resumes on any node.</summary>
    public string CheckpointDirectory { get; set; } = "/tmp/scalingapi-slurm/checkpoints";

    /// <summary>Seconds before the time limit (or at preemption) at which the worker gets SIGUSR1 to checkpoint.</summary>
    public int PreemptionWarningSeconds { get; set; } = 60;

    /// <summary>How long one sbatch/squeue/sacct/scontrol/scancel call may take before it is killed.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Directory holding the Slurm client binaries; null = look them up on PATH.</summary>
    public string? CommandDirectory { get; set; }
}
