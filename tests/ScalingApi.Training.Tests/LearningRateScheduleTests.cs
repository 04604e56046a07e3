using ScalingApi.Laws.Schedules;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;

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

    /// <summary>Sweeps record <see cref="ProxyTrainingSchedule"/> on every run; the trainer's default must be that schedule, step by step.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1500)]
    public void The_default_schedule_is_the_one_sweeps_record(int steps)
    {
        var trained = new TrainingOptions { Model = GptPresets.Tiny, Steps = steps }.EffectiveSchedule;
        var recorded = ProxyTrainingSchedule.For(steps);
        Assert.Equal(LrScheduleKind.Exponential, recorded.Kind);
        for (var t = 1; t <= steps; t++)
            Assert.Equal(1, recorded.At(t) / trained.At(t), 12);
    }
}
