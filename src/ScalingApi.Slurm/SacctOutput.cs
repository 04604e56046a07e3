namespace ScalingApi.Slurm;

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
