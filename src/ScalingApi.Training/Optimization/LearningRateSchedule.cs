namespace ScalingApi.Training.Optimization;

/// <summary>
/// Linear warm-up from PeakLr/WarmupSteps to PeakLr over WarmupSteps, then exponential decay:
/// lr(t) = PeakLr · DecayPerStep^(t − WarmupSteps). Steps are 1-based (the step being taken).
/// </summary>
public sealed record LearningRateSchedule(double PeakLr, int WarmupSteps, double DecayPerStep)
{
    /// <summary>Decay chosen so the rate reaches PeakLr·finalRatio at totalSteps.</summary>
    public static LearningRateSchedule WithFinalRatio(double peakLr, int warmupSteps, int totalSteps, double finalRatio)
    {
        if (finalRatio is <= 0 or > 1) throw new ArgumentException("must be in (0, 1]", nameof(finalRatio));
        if (totalSteps < 1) throw new ArgumentException("must be at least 1", nameof(totalSteps));
        var decaySteps = Math.Max(1, totalSteps - warmupSteps);
        return new LearningRateSchedule(peakLr, warmupSteps, Math.Pow(finalRatio, 1.0 / decaySteps));
    }

    public void Validate()
    {
        if (!(PeakLr > 0) || double.IsInfinity(PeakLr)) throw new ArgumentException("must be positive and finite", nameof(PeakLr));
        if (WarmupSteps < 0) throw new ArgumentException("must be non-negative", nameof(WarmupSteps));
        if (DecayPerStep is <= 0 or > 1) throw new ArgumentException("must be in (0, 1]", nameof(DecayPerStep));
    }

    public double At(int step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), "steps are 1-based");
        if (step <= WarmupSteps) return PeakLr * step / WarmupSteps;
        return PeakLr * Math.Pow(DecayPerStep, step - WarmupSteps);
    }
}
