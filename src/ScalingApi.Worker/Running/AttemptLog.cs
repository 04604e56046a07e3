using System.Globalization;

namespace ScalingApi.Worker.Running;

/// <summary>
/// One line per attempt in the run's checkpoint directory (<c>attempts.log</c>): when, which lease and worker,
/// from which step training (re)started and how the attempt ended. For people debugging a run, and for tests
/// that check a re-leased run really resumed.
/// </summary>
public static class AttemptLog
{
    public static void Append(string runDirectory, string line)
    {
        Directory.CreateDirectory(runDirectory);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        File.AppendAllText(RunCheckpointPaths.AttemptLog(runDirectory), $"{stamp} {line}\n");
    }

    /// <summary>The "start-step=N" of every started attempt, in order.</summary>
    public static IReadOnlyList<int> StartSteps(string runDirectory)
    {
        var path = RunCheckpointPaths.AttemptLog(runDirectory);
        if (!File.Exists(path)) return [];
        return File.ReadLines(path)
            .SelectMany(l => l.Split(' '))
            .Where(w => w.StartsWith("start-step=", StringComparison.Ordinal))
            .Select(w => int.Parse(w["start-step=".Length..], CultureInfo.InvariantCulture))
            .ToArray();
    }
}
