using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Tests.Schedules;

/// <summary>Rates, S1 and S2 of every schedule kind against values worked out by hand (λ = 0.999).</summary>
public class AnnealingAreaTests
{
    public static TheoryData<LrSchedule, double[], double, double> Schedules() => new()
    {
        // constant with warm-up: 0.5, 1, 1, 1; the rise is not annealing, so S2 = 0
        { new LrSchedule(LrScheduleKind.Constant, 1, 2, 4, 1), [0.5, 1, 1, 1], 3.5, 0 },
        // linear 1 → 0.2 over 4 steps: 0.8, 0.6, 0.4, 0.2; m = 0, 0.2, 0.3998, 0.5994002
        { new LrSchedule(LrScheduleKind.Linear, 1, 0, 4, 0.2), [0.8, 0.6, 0.4, 0.2], 2.0, 1.1992002 },
        // cosine 1 → 0: (1 + cos πt/4)/2 = 0.8535534, 0.5, 0.1464466, 0; drops 0.3535534, 0.3535534, 0.1464466;
        // m = 0, 0.3535534, 0.7067532, 0.8524934 → S2 = 1.9127997
        { new LrSchedule(LrScheduleKind.Cosine, 1, 0, 4, 0), [0.85355339, 0.5, 0.14644661, 0], 1.5, 1.91279970 },
        // exponential 1 → 0.25 over 2 steps: 0.5, 0.25; m = 0, 0.25
        { new LrSchedule(LrScheduleKind.Exponential, 1, 0, 2, 0.25), [0.5, 0.25], 0.75, 0.25 },
        // wsd: 1 warm-up step, stable, linear decay over the last 2 steps: 1, 1, 1, 1, 0.5, 0; m = 0,0,0,0, 0.5, 0.9995
        { new LrSchedule(LrScheduleKind.Wsd, 1, 1, 6, 0) { DecaySteps = 2 }, [1, 1, 1, 1, 0.5, 0], 4.5, 1.4995 },
        // explicit list, with a rise at the end that S2 ignores: m = 0, 0.5, 0.4995, 0.4990005
        { LrSchedule.FromRates([1, 0.5, 0.5, 1]), [1, 0.5, 0.5, 1], 3, 1.4985005 },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Rates_and_areas_match_the_hand_computed_values(LrSchedule schedule, double[] rates, double s1, double s2)
    {
        var actual = schedule.RatesUpTo(rates.Length);
        for (var t = 0; t < rates.Length; t++) Assert.Equal(rates[t], actual[t], 7);
        var area = AnnealingArea.At(schedule, rates.Length);
        Assert.Equal(s1, area.S1, 7);
        Assert.Equal(s2, area.S2, 7);
    }

    [Fact]
    public void Beyond_the_last_step_the_rate_holds_and_momentum_fades()
    {
        var schedule = new LrSchedule(LrScheduleKind.Exponential, 1, 0, 2, 0.25);
        Assert.Equal(0.25, schedule.At(10));
        var area = AnnealingArea.At(schedule, 3); // η3 = 0.25, m3 = 0.999 · 0.25
        Assert.Equal(1.0, area.S1, 12);
        Assert.Equal(0.25 + 0.24975, area.S2, 12);
        Assert.Equal(1.0, LrSchedule.FromRates([2, 1]).At(5));
    }

    [Fact]
    public void A_fractional_step_interpolates_between_its_neighbours()
    {
        var schedule = new LrSchedule(LrScheduleKind.Linear, 1, 0, 4, 0.2);
        var area = AnnealingArea.At(schedule, 2.5);
        Assert.Equal((1.4 + 1.8) / 2, area.S1, 12);
        Assert.Equal((0.2 + 0.5998) / 2, area.S2, 12);
    }

    [Fact]
    public void Stretching_keeps_the_shape_over_more_steps()
    {
        var schedule = new LrSchedule(LrScheduleKind.Exponential, 3e-3, 30, 300, 3e-4);
        var longer = schedule.StretchedTo(900);
        Assert.Equal(new LrSchedule(LrScheduleKind.Exponential, 3e-3, 90, 900, 3e-4), longer);
        Assert.Equal(schedule.At(150), longer.At(450), 15); // the same fraction of the run
        var wsd = new LrSchedule(LrScheduleKind.Wsd, 1, 10, 100, 0) { DecaySteps = 20 };
        Assert.Equal(60, wsd.StretchedTo(300).DecaySteps);
        var list = LrSchedule.FromRates([1, 0.5]).StretchedTo(4);
        Assert.Equal([1, 1, 0.5, 0.5], list.Rates);
    }
}
