namespace ScalingApi.Laws.Schedules;

/// <summary>
/// The learning-rate schedule proxy runs train with when nothing else is said (every sweep run today):
/// peak 3e-3, linear warm-up over a tenth of the run (at least one step), exponential decay to a tenth of the
/// peak at the last step. The trainer builds its default from these constants and the service records
/// <see cref="For"/> on every sweep run, so what a run says it trained with is what it trained with.
/// </summary>
public static class ProxyTrainingSchedule
{
    public const double PeakLr = 3e-3;
    public const double FinalRatio = 0.1;

    public static int WarmupSteps(int steps) => Math.Max(1, steps / 10);

    /// <summary>The default schedule of a run of <paramref name="steps"/> steps, as a declared exponential schedule.</summary>
    public static LrSchedule For(int steps) =>
        new(LrScheduleKind.Exponential, PeakLr, WarmupSteps(steps), steps, PeakLr * FinalRatio);
}
