using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Tests.Catalog;

public class BiMixLrLawTests
{
    private static readonly BiMixLrParameters[] Truth =
    [
        new(B: 1.2, C: 1.6, D: 0.35, Alpha: 0.08, Beta: 0.45),
        new(B: 0.8, C: 2.1, D: 0.5, Alpha: 0.15, Beta: 0.3),
    ];

    private static readonly double[][] Mixtures = [[0.5, 0.5], [0.8, 0.2], [0.2, 0.8], [0.65, 0.35]];

    /// <summary>Exponential decay to a tenth (the trainer's default shape) on two lengths, so S1 and S2 vary apart.</summary>
    private static LrSchedule Schedule(int steps) => new(LrScheduleKind.Exponential, 3e-3, steps / 10, steps, 3e-4);

    private static BiMixData Data(Func<RunMixture, LrSchedule?>? schedule = null) => Data(Truth, AnnealingTerm.Tissue, schedule);

    private static BiMixData Data(BiMixLrParameters[] truth, AnnealingTerm term, Func<RunMixture, LrSchedule?>? schedule = null)
    {
        var runs = new List<RunMixture>();
        foreach (var steps in new[] { 300, 600 })
            foreach (var mixture in Mixtures)
                runs.Add(new RunMixture($"r{runs.Count}", mixture) { Schedule = Schedule(steps) });
        if (schedule is not null) runs = runs.Select(r => r with { Schedule = schedule(r) }).ToList();
        var observations = new List<LossObservation>();
        for (var k = 0; k < runs.Count; k++)
        {
            var total = k < Mixtures.Length ? 300 : 600;
            for (var step = 30; step <= total; step += 30)
                for (var i = 0; i < 2; i++)
                    observations.Add(new LossObservation(k, i, step, truth[i].Predict(Mixtures[k % Mixtures.Length][i], term.At(Schedule(total), step, AnnealingArea.Decay))));
        }
        return new BiMixData(["web", "code"], runs, observations);
    }

    private static void AssertRecovered(BiMixLrParameters[] truth, FittedBiMixLr fit)
    {
        for (var i = 0; i < truth.Length; i++)
        {
            var law = fit.DomainFits[i].Law;
            Assert.Equal(truth[i].B, law.B, 1e-3 * truth[i].B);
            Assert.Equal(truth[i].C, law.C, 1e-3 * truth[i].C);
            Assert.Equal(truth[i].D, law.D, 1e-2 * truth[i].D);
            Assert.Equal(truth[i].Alpha!.Value, law.Alpha!.Value, 1e-4);
            Assert.Equal(truth[i].Beta, law.Beta, 1e-3 * truth[i].Beta);
        }
    }

    private static readonly LawFitOptions Options = new() { BootstrapResamples = 0, Objective = FitObjective.LeastSquares };

    [Fact]
    public void Recovers_the_parameters_of_schedule_aware_curves()
    {
        var fit = (FittedBiMixLr)new BiMixLrLaw().Fit(Data(), Options);
        AssertRecovered(Truth, fit);
        Assert.Equal(10, fit.ParameterCount);
        Assert.Equal(["b", "c", "d", "alpha", "beta"], ((IFittedLaw)fit).ParameterNames);
    }

    [Fact]
    public void Predicts_at_a_longer_run_with_its_own_schedule_or_the_proxies_stretched()
    {
        var fit = new BiMixLrLaw().Fit(Data(), Options);
        double[] mixture = [0.4, 0.6];
        var expected = Truth[1].Predict(0.6, AnnealingArea.At(Schedule(1800), 1800));
        Assert.Equal(expected, fit.PredictDomain(1, new LawPoint(mixture, 1800) { Schedule = Schedule(1800) }), 1e-3 * expected);
        // without a schedule: the longest fitted run's (600 steps) stretched to 1,800 — the same shape here
        Assert.Equal(expected, fit.PredictDomain(1, new LawPoint(mixture, 1800)), 1e-3 * expected);
        // a constant rate at the same length anneals nothing, so its loss is higher
        var constant = fit.PredictDomain(1, new LawPoint(mixture, 1800) { Schedule = new LrSchedule(LrScheduleKind.Constant, 3e-3, 180, 1800, 3e-3) });
        Assert.True(constant > expected + 0.01, $"{constant} vs {expected}");
    }

    [Fact]
    public void Bootstrap_intervals_cover_the_estimates()
    {
        var fit = new BiMixLrLaw().Fit(Data(), Options with { BootstrapResamples = 20, Seed = 3 });
        var parameters = fit.Parameters[0];
        for (var k = 0; k < 5; k++)
            Assert.InRange(parameters.Values[k]!.Value, parameters.Intervals![k]!.Lower - 1e-6, parameters.Intervals[k]!.Upper + 1e-6);
        var prediction = fit.Predict(new LawPoint([0.5, 0.5], 900) { Schedule = Schedule(900) });
        Assert.True(prediction.Average.Lower <= prediction.Average.Loss && prediction.Average.Loss <= prediction.Average.Upper);
    }

    [Fact]
    public void Runs_without_a_schedule_make_the_law_inapplicable_and_say_which()
    {
        var law = new BiMixLrLaw();
        var data = Data(r => r.Name == "r3" ? null : r.Schedule);
        var why = law.Inapplicable(data, Options);
        Assert.Contains("learningRateSchedule", why);
        Assert.Contains("'r3'", why);
        Assert.Throws<InsufficientDataException>(() => law.Fit(data, Options));
        Assert.Null(law.Inapplicable(Data(), Options));
    }

    [Fact]
    public void A_domain_seen_at_one_proportion_gets_no_alpha()
    {
        var data = Data();
        data = data with { Runs = data.Runs.Select(r => r with { Proportions = [0.5, 0.5] }).ToList() };
        var fit = (FittedBiMixLr)new BiMixLrLaw().Fit(data, Options);
        Assert.All(fit.DomainFits, d => Assert.Null(d.Law.Alpha));
        Assert.Equal(8, fit.ParameterCount);
    }

    /// <summary>bimix-lr-bound's truth: N is of the order of the rate (3e-3 × a few), so d is of the order of tens.</summary>
    private static readonly BiMixLrParameters[] BoundTruth =
    [
        new(B: 1.2, C: 1.6, D: 40, Alpha: 0.08, Beta: 0.45),
        new(B: 0.8, C: 2.1, D: 25, Alpha: 0.15, Beta: 0.3),
    ];

    [Fact]
    public void The_bound_variant_recovers_its_parameters_and_forecasts_a_longer_run()
    {
        var law = LawCatalog.Find("bimix-lr-bound")!;
        var fit = (FittedBiMixLr)law.Fit(Data(BoundTruth, AnnealingTerm.ConvexBound), Options);
        Assert.Equal("bimix-lr-bound", fit.Law);
        Assert.Equal(AnnealingTerm.ConvexBound, fit.Term);
        AssertRecovered(BoundTruth, fit);
        // the law by hand at 1,800 steps of the same shape: r^-α (b S1^-β + c + d N)
        var s1 = AnnealingArea.At(Schedule(1800), 1800).S1;
        var noise = ConvexBoundNoise.At(Schedule(1800), 1800);
        var t = BoundTruth[1];
        var expected = Math.Pow(0.6, -t.Alpha!.Value) * (t.B * Math.Pow(s1, -t.Beta) + t.C + t.D * noise);
        Assert.Equal(expected, fit.PredictDomain(1, new LawPoint([0.4, 0.6], 1800)), 1e-3 * expected);
    }

    [Fact]
    public void The_variants_read_the_same_curves_differently()
    {
        // Tissue's curves fitted by the bound variant (and back) are not reproduced exactly: the two terms differ
        var tissue = new BiMixLrLaw().Fit(Data(), Options);
        var bound = new BiMixLrLaw(AnnealingTerm.ConvexBound).Fit(Data(), Options);
        Assert.Equal("bimix-lr", tissue.Law);
        Assert.True(tissue.Parameters[0].Diagnostics.InSampleRelativeError < 1e-5);
        Assert.True(bound.Parameters[0].Diagnostics.InSampleRelativeError > 1e-4);
        Assert.Contains("N", new BiMixLrLaw(AnnealingTerm.ConvexBound).Formula);
    }

    /// <summary>
    /// Real curves: seven 1,000-step tiny TorchSharp proxies on five Brown genres, each with the trainer's default schedule
    /// (the lr-schedule benchmark's brown-1000.csv). A valid data set must fit at any annealing decay a user may choose.
    /// </summary>
    private static BiMixData BrownProxies()
    {
        var rows = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "brown-1000.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Where(cells => cells[0].StartsWith("proxy", StringComparison.Ordinal)).ToList();
        var names = rows.Select(cells => cells[0]).Distinct().ToList();
        var runs = names.Select(name =>
        {
            var cells = rows.First(c => c[0] == name);
            var mixture = cells[2].Split(';').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return new RunMixture(name, mixture) { Schedule = ProxyTrainingSchedule.For(int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture)) };
        }).ToList();
        var observations = rows.Select(c => new LossObservation(names.IndexOf(c[0]), int.Parse(c[4], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture), double.Parse(c[5], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return new BiMixData(["d0", "d1", "d2", "d3", "d4"], runs, observations);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    [InlineData(0.999)]
    public void Fits_real_decaying_curves_at_any_annealing_decay(double decay)
    {
        // Before: at λ = 0.95 every linear start of domain d3 left the bracket b S1^-β + c − d S2 negative at the proxies'
        // last checkpoints, and the fit failed with "no starting point gives a positive loss everywhere".
        var fit = new BiMixLrLaw().Fit(BrownProxies(), new LawFitOptions { BootstrapResamples = 0, AnnealingDecay = decay });
        Assert.All(((FittedBiMixLr)fit).DomainFits, d => Assert.InRange(d.Diagnostics.InSampleRelativeError, 0, 0.02));
    }
}
