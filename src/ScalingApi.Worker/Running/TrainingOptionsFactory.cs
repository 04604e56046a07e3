using ScalingApi.Contracts.Workers;
using ScalingApi.Training.DoReMi;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Worker.Running;

/// <summary>Turns a lease (model spec, steps, learning-rate schedule, checkpoint steps, seed) and the worker's settings into trainer options.</summary>
public static class TrainingOptionsFactory
{
    public static TrainingOptions Create(Lease lease, int vocabularySize, WorkerSettings settings, string runDirectory)
    {
        var shape = ProxyModelShapes.Resolve(lease.Model, vocabularySize);
        var checkpoints = lease.CheckpointSteps.Count > 0 ? lease.CheckpointSteps.ToArray() : [lease.Steps];
        return new TrainingOptions
        {
            Model = GptConfig.From(shape),
            Steps = lease.Steps,
            Schedule = LeaseSchedule.From(lease.LearningRateSchedule, lease.Steps),
            BatchSize = shape.BatchSize,
            Seed = unchecked((ulong)lease.Seed),
            Evaluations = CheckpointSchedule.At(checkpoints),
            CheckpointDirectory = runDirectory,
            CheckpointEvery = settings.SaveEvery ?? DefaultSaveEvery(lease.Steps),
            ProgressEvery = Math.Clamp(lease.Steps / 50, 1, 10),
            Threads = settings.Threads,
            DoReMi = DoReMi(lease, settings),
        };
    }

    /// <summary>A DoReMi proxy lease trains against its reference run's final checkpoint; any other lease trains normally.</summary>
    private static DoReMiOptions? DoReMi(Lease lease, WorkerSettings settings) =>
        lease.Mode is { Kind: LeaseRunMode.DoReMiProxy } mode
            ? new DoReMiOptions(ModeCheckpoints.Latest(settings.CheckpointRoot, mode.Checkpoint), mode.Eta ?? 1.0, mode.Smoothing ?? 1e-3,
                mode.TrajectoryEvery ?? Math.Max(1, lease.Steps / 20))
            : null;

    /// <summary>Without --save-every a run saves ten times, so a crash loses at most a tenth of it.</summary>
    public static int DefaultSaveEvery(int steps) => Math.Max(1, (steps + 9) / 10);
}
