using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Tests.Schedules;

/// <summary>The bound's noise term N_T against values worked out by hand.</summary>
public class ConvexBoundNoiseTests
{
    public static TheoryData<double[], int, double> Cases() => new()
    {
        // one step: η²/η = η
        { [2.0], 1, 2.0 },
        // constant η = 1 over 3 steps: 3/3 + (1/2)(3/3) + (1/1)(2/2) = 2.5 = η (1 + H_2)
        { [1.0, 1, 1], 3, 2.5 },
        // η = 2, 1: Σ η² / Σ η = 5/3; k = 1: (2/1)(5/3) = 10/3; N = 5
        { [2.0, 1], 2, 5.0 },
        // η = 1, 0.5, 0.25: 1.3125/1.75 = 0.75; k = 1: (1/0.75)(1.3125/1.75) = 1; k = 2: (0.5/0.25)(0.3125/0.75) = 0.8333…; N = 2.583333…
        { [1.0, 0.5, 0.25], 3, 2.5833333333333333 },
        // the prefix of the same list: N after 2 steps = 1.25/1.5 + (1/0.5)(1.25/1.5) = 2.5
        { [1.0, 0.5, 0.25], 2, 2.5 },
        // a trailing zero rate does not move the iterate: N is the one of the step before (η = 2, 1 → 5)
        { [2.0, 1, 0], 3, 5.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_hand_computed_values(double[] rates, int steps, double expected) =>
        Assert.Equal(expected, ConvexBoundNoise.At(rates, steps), 12);

    [Fact]
    public void Reads_a_schedule_and_interpolates_between_steps()
    {
        // linear 1 → 0.25 over 4 steps (no warm-up): 0.8125, 0.625, 0.4375, 0.25
        var schedule = new LrSchedule(LrScheduleKind.Linear, 1, 0, 4, 0.25);
        var rates = schedule.RatesUpTo(4);
        Assert.Equal(ConvexBoundNoise.At(rates, 3), ConvexBoundNoise.At(schedule, 3), 12);
        Assert.Equal(0.5 * ConvexBoundNoise.At(rates, 2) + 0.5 * ConvexBoundNoise.At(rates, 3), ConvexBoundNoise.At(schedule, 2.5), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvexBoundNoise.At(schedule, 0));
    }

    [Fact]
    public void Stays_bounded_where_the_annealing_area_keeps_growing()
    {
        // the trainer's default shape at 300 and 900 steps: Tissue's S2 grows about 2.5×, the bound's noise ends within 10 %
        var proxy = ProxyTrainingSchedule.For(300);
        var longer = ProxyTrainingSchedule.For(900);
        Assert.True(AnnealingArea.At(longer, 900).S2 > 2 * AnnealingArea.At(proxy, 300).S2);
        Assert.Equal(ConvexBoundNoise.At(proxy, 300), ConvexBoundNoise.At(longer, 900), 0.1 * ConvexBoundNoise.At(proxy, 300));
        // the decay lowers the noise below a constant rate's at the same length
        var constant = new LrSchedule(LrScheduleKind.Constant, ProxyTrainingSchedule.PeakLr, 30, 300, ProxyTrainingSchedule.PeakLr);
        Assert.True(ConvexBoundNoise.At(proxy, 300) < 0.5 * ConvexBoundNoise.At(constant, 300));
        // AnnealingTerm.ConvexBound reads it as −S2, so the law's −d S2 is +d N
        var area = AnnealingTerm.ConvexBound.At(proxy, 300, AnnealingArea.Decay);
        Assert.Equal(AnnealingArea.At(proxy, 300).S1, area.S1, 12);
        Assert.Equal(-ConvexBoundNoise.At(proxy, 300), area.S2, 12);
    }
}
