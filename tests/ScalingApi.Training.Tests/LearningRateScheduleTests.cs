using ScalingApi.Laws.Schedules;
using ScalingApi.Training.Model;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Training.Tests;

public class LearningRateScheduleTests
{
    /// <summary>A declared schedule of any kind is what the optimizer is given, step by step (here warm-up, a plateau, a linear decay).</summary>
    [Fact]
    public void The_trainer_follows_a_declared_schedule_step_by_step()
    {
        var schedule = new LrSchedule(LrScheduleKind.Wsd, 2e-3, 3, 12, 2e-4) { DecaySteps = 4 };
        var rates = new List<(int Step, double Rate)>();
        new ProxyTrainer(new TrainingOptions
        {
            Model = GptPresets.Tiny with { Context = 16 }, Steps = 12, BatchSize = 2, Schedule = schedule, ProgressEvery = 1,
            Evaluations = CheckpointSchedule.At(12), ValidationWindowsPerDomain = 2, Threads = 1, Device = DevicePreference.Cpu,
        }, SyntheticDomains.Three(), [0.5, 0.3, 0.2]).Run(e => { if (e is ProgressReport p) rates.Add((p.Step, p.LearningRate)); });
        Assert.Equal(Enumerable.Range(1, 12), rates.Select(r => r.Step));
        Assert.All(rates, r => Assert.Equal(schedule.At(r.Step), r.Rate, 15));
        Assert.Equal(2e-3, rates[7].Rate, 15); // step 8: the plateau's last step
        Assert.Equal(2e-4, rates[^1].Rate, 15);
    }

    [Fact]
    public void A_schedule_with_a_negative_rate_is_refused_before_training()
    {
        var options = new TrainingOptions { Model = GptPresets.Tiny, Steps = 4, Schedule = LrSchedule.FromRates([1e-3, -1e-3, 1e-3, 1e-3]) };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal("Schedule", error.ParamName);
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
