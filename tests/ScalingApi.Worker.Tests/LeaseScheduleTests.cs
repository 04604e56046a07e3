using ScalingApi.Contracts;
using ScalingApi.Laws.Schedules;
using ScalingApi.Worker.Running;

namespace ScalingApi.Worker.Tests;

/// <summary>The schedule a lease carries becomes the trainer's schedule, rate for rate.</summary>
public class LeaseScheduleTests
{
    private static readonly WorkerSettings Settings = new(new Uri("http://localhost/"), "k", "1", null, "/tmp/ck", "w", Threads: 1);

    [Fact]
    public void A_wsd_lease_trains_with_that_wsd_schedule()
    {
        var lease = TestLeases.Create(steps: 100) with { LearningRateSchedule = new LearningRateScheduleSpec("wsd", 2e-3, 10, 100, 2e-5, DecaySteps: 30) };
        var options = TrainingOptionsFactory.Create(lease, 256, Settings, "/x");

        var expected = new LrSchedule(LrScheduleKind.Wsd, 2e-3, 10, 100, 2e-5) { DecaySteps = 30 };
        Assert.Equal(expected.RatesUpTo(100), options.EffectiveSchedule.RatesUpTo(100));
        Assert.Equal(2e-3, options.EffectiveSchedule.At(70)); // stable until the last 30 steps
        Assert.Equal(2e-3 + (2e-5 - 2e-3) * 10 / 30, options.EffectiveSchedule.At(80), 15);
    }

    [Fact]
    public void An_explicit_list_is_followed_and_no_schedule_is_the_trainers_default()
    {
        double[] rates = [1e-3, 2e-3, 0, 5e-4];
        var listed = TrainingOptionsFactory.Create(TestLeases.Create(steps: 4) with { LearningRateSchedule = new LearningRateScheduleSpec(Rates: rates) }, 256, Settings, "/x");
        Assert.Equal(rates, listed.EffectiveSchedule.RatesUpTo(4));

        var plain = TrainingOptionsFactory.Create(TestLeases.Create(steps: 50), 256, Settings, "/x");
        Assert.Null(plain.Schedule);
        Assert.Equal(ProxyTrainingSchedule.For(50).RatesUpTo(50), plain.EffectiveSchedule.RatesUpTo(50));
    }

    [Theory]
    [InlineData("triangle")]
    [InlineData("3")] // an enum value by number is not a kind
    [InlineData("explicit")] // a list without its rates
    public void A_schedule_the_worker_cannot_read_fails_the_lease_for_good(string kind)
    {
        var lease = TestLeases.Create() with { LearningRateSchedule = new LearningRateScheduleSpec(kind, 1e-3, 0, 12, 1e-4) };
        var e = Assert.Throws<ArgumentException>(() => TrainingOptionsFactory.Create(lease, 256, Settings, "/x"));
        Assert.Contains(kind, e.Message);
        Assert.False(LeaseRunner.IsRetryable(e));
    }
}
