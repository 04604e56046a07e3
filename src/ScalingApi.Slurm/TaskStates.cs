namespace ScalingApi.Slurm;

internal static class SlurmReason
{
    /// <summary>Slurm prints "None" (or "(null)") when there is no reason.</summary>
    public static string? OrNull(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason is "None" or "(null)" ? null : reason.Trim();
}

internal static class TaskStates
{
    /// <summary>One state per task index covered by a printed id (pending ranges cover several).</summary>
    public static IEnumerable<SlurmTaskState> Expand(string printedId, SlurmJobState state, string? reason, SlurmExitCode? exitCode)
    {
        var (jobId, indices) = ArrayTaskIds.Parse(printedId);
        if (indices.Count == 0)
            return [new SlurmTaskState(jobId, null, state, reason, exitCode)];
        return indices.Select(i => new SlurmTaskState(jobId, i, state, reason, exitCode));
    }
}
