namespace ScalingApi.Slurm;

/// <summary>Parses <c>squeue --array --noheader --format=%i|%T|%r</c>.</summary>
public static class SqueueOutput
{
    /// <summary>The <c>--format</c> this parser expects: printed job id, long state, reason.</summary>
    public const string Format = "%i|%T|%r";

    public static IReadOnlyList<SlurmTaskState> Parse(string output)
    {
        var states = new List<SlurmTaskState>();
        foreach (var line in Lines(output))
        {
            var fields = line.Split('|');
            if (fields.Length != 3)
                throw new FormatException($"Unexpected squeue line '{line}' (expected '{Format}').");
            var state = SlurmJobStates.Parse(fields[1]);
            var reason = SlurmReason.OrNull(fields[2]);
            states.AddRange(TaskStates.Expand(fields[0], state, reason, exitCode: null));
        }
        return states;
    }

    internal static IEnumerable<string> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Parses <c>sacct --parsable2 --noheader --allocations --format=JobID,State,ExitCode,Reason</c>.</summary>
public static class SacctOutput
{
    public const string Format = "JobID,State,ExitCode,Reason";

    public static IReadOnlyList<SlurmTaskState> Parse(string output)
    {
        var states = new List<SlurmTaskState>();
        foreach (var line in SqueueOutput.Lines(output))
        {
            var fields = line.Split('|');
            if (fields.Length != 4)
                throw new FormatException($"Unexpected sacct line '{line}' (expected '{Format}').");
            // job steps (123_4.batch, 123_4.extern) repeat their allocation's state
            if (fields[0].Contains('.')) continue;
            var state = SlurmJobStates.Parse(fields[1]);
            // sacct prints 0:0 for tasks that have not ended; that is not an exit code
            var exitCode = state.IsFinal() ? SlurmExitCode.Parse(fields[2]) : null;
            states.AddRange(TaskStates.Expand(fields[0], state, SlurmReason.OrNull(fields[3]), exitCode));
        }
        return states;
    }
}

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
