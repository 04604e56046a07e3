using ScalingApi.Contracts.Workers;
using ScalingApi.Training.Checkpoints;

namespace ScalingApi.Worker.Running;

/// <summary>The final checkpoint of another run a lease's mode points at (DoReMi's reference, Chameleon's embedding proxy).</summary>
public static class ModeCheckpoints
{
    /// <exception cref="InvalidDataException">The run has no complete checkpoint under this worker's checkpoint root.</exception>
    public static string Latest(string checkpointRoot, RunCheckpoint run)
    {
        var directory = RunCheckpointPaths.RunDirectory(checkpointRoot, run.SweepId, run.RunId);
        return (Directory.Exists(directory) ? new CheckpointStore(directory, keep: int.MaxValue).Latest() : null)
               ?? throw new InvalidDataException(
                   $"no checkpoint of run {run.RunId} (sweep {run.SweepId}) in {directory}; workers of a job must share one checkpoint root");
    }
}
