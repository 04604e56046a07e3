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
