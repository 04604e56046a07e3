namespace ScalingApi.Host.Sweeps.Executors;

/// <summary>
/// Runs a sweep's workers somewhere (child processes here, a Slurm job array on a cluster). The
/// service never trains: an executor only starts workers, which claim runs through the lease
/// endpoints; so an executor can be restarted or replaced without losing any run state.
/// </summary>
public interface ISweepExecutor
{
    /// <summary>The name a sweep request selects it by: <c>local</c>, <c>slurm</c>.</summary>
    string Name { get; }

    /// <summary>Starts the sweep's workers. Called after the sweep's transaction committed.</summary>
    Task SubmitAsync(SweepSubmission sweep, CancellationToken ct);

    /// <summary>Stops the sweep's workers (kill children, scancel). Runs are already marked cancelled.</summary>
    Task CancelAsync(long sweepId, CancellationToken ct);
}

/// <summary>What an executor needs to start a sweep: task <c>i</c> trains run <c>RunIdsByTaskIndex[i]</c>.</summary>
public sealed record SweepSubmission(long SweepId, long ExperimentId, int TaskCount, IReadOnlyList<long> RunIdsByTaskIndex);
