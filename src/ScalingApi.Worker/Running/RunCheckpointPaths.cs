using ScalingApi.Contracts.Workers;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Where a run keeps its checkpoints: <c>&lt;root&gt;/sweep-&lt;sweepId&gt;/run-&lt;runId&gt;/</c>. The path depends only on
/// the sweep and the run, never on the worker or the attempt, so whoever claims the run next finds them.
/// </summary>
public static class RunCheckpointPaths
{
    public const string AttemptLogFile = "attempts.log";

    public static string RunDirectory(string root, long sweepId, long runId) =>
        Path.Combine(Path.GetFullPath(root), $"sweep-{sweepId}", $"run-{runId}");

    public static string RunDirectory(string root, Lease lease) => RunDirectory(root, lease.SweepId, lease.RunId);

    public static string AttemptLog(string runDirectory) => Path.Combine(runDirectory, AttemptLogFile);
}
