namespace ScalingApi.Slurm;

/// <summary>
/// Parses <c>scontrol show job --oneliner</c>: one record per line, space-separated Key=Value pairs.
/// For array tasks, JobId is the task's own id and ArrayJobId/ArrayTaskId locate it in the array;
/// the array's still-pending remainder is one record whose ArrayTaskId is a range such as <c>3-4%2</c>.
/// </summary>
public static class ScontrolJobOutput
{
    public static IReadOnlyList<SlurmTaskState> Parse(string output)
    {
        var states = new List<SlurmTaskState>();
        foreach (var line in SqueueOutput.Lines(output))
        {
            var fields = Fields(line);
            if (!fields.TryGetValue("JobId", out var jobId) || !fields.TryGetValue("JobState", out var stateText))
                throw new FormatException($"Unexpected scontrol line (no JobId/JobState): '{line}'.");
            var state = SlurmJobStates.Parse(stateText);
            var reason = SlurmReason.OrNull(fields.GetValueOrDefault("Reason"));
            var exitCode = state.IsFinal() ? SlurmExitCode.Parse(fields.GetValueOrDefault("ExitCode")) : null;
            int? restarts = int.TryParse(fields.GetValueOrDefault("Restarts"), out var r) ? r : null;
            if (fields.TryGetValue("ArrayJobId", out var arrayJobId) && fields.TryGetValue("ArrayTaskId", out var taskSpec))
                states.AddRange(ArrayTaskIds.ParseTaskSpec(taskSpec)
                    .Select(i => new SlurmTaskState(arrayJobId, i, state, reason, exitCode, restarts)));
            else
                states.Add(new SlurmTaskState(jobId, null, state, reason, exitCode, restarts));
        }
        return states;
    }

    private static Dictionary<string, string> Fields(string line)
    {
        // Values we read never contain spaces; free-text fields that might (Command, WorkDir, Comment)
        // are not needed, so a token without '=' just continues the previous value and is ignored.
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = token.IndexOf('=');
            if (equals <= 0) continue;
            fields.TryAdd(token[..equals], token[(equals + 1)..]);
        }
        return fields;
    }
}
