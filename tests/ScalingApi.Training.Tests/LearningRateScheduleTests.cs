using ScalingApi.Training.Optimization;

namespace ScalingApi.Training.Tests;

public class LearningRateScheduleTests
{
    [Fact]
    public void WarmsUpLinearlyThenDecaysExponentially()
    {
        var schedule = new LearningRateSchedule(PeakLr: 1e-3, WarmupSteps: 4, DecayPerStep: 0.5);
        Assert.Equal(0.25e-3, schedule.At(1), 15);
        Assert.Equal(0.75e-3, schedule.At(3), 15);
        Assert.Equal(1e-3, schedule.At(4), 15);
        Assert.Equal(0.5e-3, schedule.At(5), 15);
        Assert.Equal(0.125e-3, schedule.At(7), 15);
    }

    [Fact]
    public void FinalRatioFormReachesTheRequestedFractionAtTheLastStep()
    {
        var schedule = LearningRateSchedule.WithFinalRatio(peakLr: 2e-3, warmupSteps: 10, totalSteps: 110, finalRatio: 0.1);
        Assert.Equal(2e-3, schedule.At(10), 15);
        Assert.Equal(2e-4, schedule.At(110), 12);
        Assert.True(schedule.At(60) < schedule.At(59));
    }
}
