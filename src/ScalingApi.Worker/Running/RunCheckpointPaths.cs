using ScalingApi.Contracts.Workers;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Where a run keeps its checkpoints: <c>&lt;root&gt;/sweep-&lt;sweepId&gt;/run-&lt;runId&gt;/</c>. The path depends only on
/// the sweep and the run, never on the worker or the attempt, so whoever claims the run next finds them.
/// A root that already is the sweep's directory (<c>…/sweep-&lt;id&gt;</c>, as the local executor passes it)
/// is not nested a second time.
/// </summary>
public static class RunCheckpointPaths
{
    public const string AttemptLogFile = "attempts.log";

    public static string RunDirectory(string root, long sweepId, long runId)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var sweepDirectory = $"sweep-{sweepId}";
        var sweep = Path.GetFileName(full) == sweepDirectory ? full : Path.Combine(full, sweepDirectory);
        return Path.Combine(sweep, $"run-{runId}");
    }

    public static string RunDirectory(string root, Lease lease) => RunDirectory(root, lease.SweepId, lease.RunId);

    public static string AttemptLog(string runDirectory) => Path.Combine(runDirectory, AttemptLogFile);
}
