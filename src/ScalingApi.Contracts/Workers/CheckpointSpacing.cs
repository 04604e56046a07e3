namespace ScalingApi.Contracts.Workers;

/// <summary>
/// The steps at which a run records validation losses when a sweep asks for a count of them. One
/// definition for the service (which puts the explicit list into the lease) and the trainer.
/// Steps are 1-based; both spacings end at the run's last step.
/// </summary>
public static class CheckpointSpacing
{
    /// <summary>Steps round(i·T/count), i = 1…count.</summary>
    public static IReadOnlyList<int> Linear(int count, int totalSteps) =>
        Enumerable.Range(1, count).Select(i => (int)Math.Round((double)i * totalSteps / count)).Where(s => s >= 1).Distinct().ToArray();

    /// <summary>Steps exp(ln T · i/(count−1)), i = 0…count−1: dense early, where the loss curve bends.</summary>
    public static IReadOnlyList<int> Log(int count, int totalSteps)
    {
        if (count == 1) return [totalSteps];
        var logT = Math.Log(totalSteps);
        return Enumerable.Range(0, count).Select(i => Math.Clamp((int)Math.Round(Math.Exp(logT * i / (count - 1))), 1, totalSteps))
            .Distinct().ToArray();
    }
}
