namespace ScalingApi.Slurm;

/// <summary>The state of one array task.</summary>
/// <param name="JobId">The array's job id (what sbatch printed), not the task's internal job id.</param>
/// <param name="TaskIndex">The array index (<c>$SLURM_ARRAY_TASK_ID</c>); null for a job that is not an array.</param>
/// <param name="Reason">Slurm's reason, e.g. <c>Priority</c> or <c>JobArrayTaskLimit</c> for pending tasks; null when Slurm gives none.</param>
/// <param name="ExitCode">Null when the source does not report it (squeue) or the task has not ended.</param>
/// <param name="Restarts">How often Slurm requeued the task (scontrol's <c>Restarts</c>); null when the source does not report it.</param>
public sealed record SlurmTaskState(string JobId, int? TaskIndex, SlurmJobState State, string? Reason, SlurmExitCode? ExitCode, int? Restarts = null);

/// <summary>Slurm's <c>code:signal</c> pair, e.g. <c>0:15</c> for a task killed by SIGTERM.</summary>
public readonly record struct SlurmExitCode(int Code, int Signal)
{
    public static SlurmExitCode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var code) || !int.TryParse(parts[1], out var signal))
            return null;
        return new SlurmExitCode(code, signal);
    }

    public override string ToString() => $"{Code}:{Signal}";
}
