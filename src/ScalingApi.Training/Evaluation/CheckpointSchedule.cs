using ScalingApi.Contracts.Workers;

namespace ScalingApi.Training.Evaluation;

/// <summary>
/// The steps at which validation losses are recorded: a count spread evenly or log-spaced over the run, or an
/// explicit list. Steps are 1-based; the last step of the run is always included for Even and Log, whose
/// spacing is the service's (<see cref="CheckpointSpacing"/>).
/// </summary>
public abstract record CheckpointSchedule
{
    public static CheckpointSchedule Even(int count) => new EvenSchedule(count);
    public static CheckpointSchedule LogSpaced(int count) => new LogSchedule(count);
    public static CheckpointSchedule At(params int[] steps) => new ExplicitSchedule(steps);

    /// <summary>Distinct ascending steps in [1, totalSteps].</summary>
    public abstract IReadOnlyList<int> Steps(int totalSteps);

    private sealed record EvenSchedule(int Count) : CheckpointSchedule
    {
        public override IReadOnlyList<int> Steps(int totalSteps)
        {
            Require(Count, totalSteps);
            return CheckpointSpacing.Linear(Count, totalSteps);
        }
    }

    private sealed record LogSchedule(int Count) : CheckpointSchedule
    {
        public override IReadOnlyList<int> Steps(int totalSteps)
        {
            Require(Count, totalSteps);
            return CheckpointSpacing.Log(Count, totalSteps);
        }
    }

    private sealed record ExplicitSchedule(int[] List) : CheckpointSchedule
    {
        public override IReadOnlyList<int> Steps(int totalSteps)
        {
            if (List.Length == 0) throw new ArgumentException("must list at least one step", "checkpoints");
            if (List.Any(s => s < 1 || s > totalSteps))
                throw new ArgumentException($"every step must be in [1, {totalSteps}]", "checkpoints");
            return List.Distinct().Order().ToArray();
        }
    }

    private static void Require(int count, int totalSteps)
    {
        if (count < 1) throw new ArgumentException("checkpoint count must be at least 1", "checkpoints");
        if (totalSteps < 1) throw new ArgumentException("must be at least 1", nameof(totalSteps));
    }
}
