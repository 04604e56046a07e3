using MathNet.Numerics.Distributions;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Statistics;

namespace ScalingApi.Laws.Tests;

public class SmallSampleCalibrationTests(SyntheticSweep sweep) : IClassFixture<SyntheticSweep>
{
    /// <summary>
    /// The parametric bootstrap in miniature: an estimate with standard error 1 that is itself estimated with ν degrees of
    /// freedom, B draws of estimate + σ̂ · Z, and the 95 % interval of exp(draws) (a positive "loss"), plain and widened.
    /// Returns how often each contains the true mean over many trials.
    /// </summary>
    internal static (double Plain, double Widened) Coverage(int degreesOfFreedom, int resamples, int trials, int seed)
    {
        var random = new Random(seed);
        var factor = SmallSampleCalibration.Factor(resamples, degreesOfFreedom);
        int plain = 0, widened = 0;
        var draws = new double[resamples];
        for (var trial = 0; trial < trials; trial++)
        {
            // the estimate (true value 0, standard error 1) and its estimated standard error, σ̂² ~ χ²_ν / ν
            var estimate = Normal.Sample(random, 0, 1);
            var standardError = Math.Sqrt(Gamma.Sample(random, degreesOfFreedom / 2.0, 0.5) / degreesOfFreedom); // χ²_ν = Gamma(ν/2, rate 1/2)
            for (var k = 0; k < resamples; k++) draws[k] = Math.Exp(estimate + standardError * Normal.Sample(random, 0, 1));
            var p = SmallSampleCalibration.Widened((double[])draws.Clone(), 1);
            var w = SmallSampleCalibration.Widened(draws, factor);
            if (p.Lower <= 1 && 1 <= p.Upper) plain++; // true value 0, i.e. exp(0) = 1
            if (w.Lower <= 1 && 1 <= w.Upper) widened++;
        }
        return (plain / (double)trials, widened / (double)trials);
    }

    [Theory]
    [InlineData(76, 200)] // 4 runs × 20 checkpoints, the default resamples: the benchmark's case
    [InlineData(156, 200)] // 8 runs
    [InlineData(10, 400)] // a noise level from few points: the t ratio dominates
    [InlineData(10_000, 40)] // a known noise level and few resamples: the percentile ends' bias and scatter dominate
    public void The_widened_interval_covers_95_percent_where_the_plain_percentile_interval_falls_short(int degreesOfFreedom, int resamples)
    {
        var (plain, widened) = Coverage(degreesOfFreedom, resamples, trials: 20_000, seed: degreesOfFreedom + resamples);
        Assert.True(plain < 0.945, $"plain {plain:P2}"); // 93.6, 93.8, 91.7, 90.6 %
        Assert.InRange(widened, 0.94, 0.96);
    }

    [Fact]
    public void The_factor_is_the_t_ratio_times_the_resample_term_and_vanishes_with_data_and_resamples()
    {
        // 4 runs × 20 checkpoints with α: 80 − 4 = 76 degrees of freedom, t_76(0.975) = 1.99167; 200 resamples: the type-7
        // 97.5 % point of 200 normal draws lies at Φ⁻¹(1 − (0.025 · 199 + 0.625) / 200.25) = 1.91158 on average, and its
        // scatter costs 1 + 0.024375 / (400 φ(1.96)²)
        Assert.Equal(1.99167 / 1.91158 * (1 + 0.024375 / (400 * 0.0584409 * 0.0584409)), SmallSampleCalibration.Factor(200, 76), 4);
        Assert.True(SmallSampleCalibration.Factor(200, 156) < SmallSampleCalibration.Factor(200, 76));
        Assert.True(SmallSampleCalibration.Factor(1000, 76) < SmallSampleCalibration.Factor(200, 76));
        Assert.Equal(1, SmallSampleCalibration.Factor(10_000_000, 10_000_000), 3);
        Assert.True(SmallSampleCalibration.Factor(200, 1) > 6); // a domain with one point more than parameters: t_1 = 12.7
    }

    [Fact]
    public void Widening_moves_both_ends_away_from_the_median_in_log_space_and_keeps_them_positive()
    {
        var draws = Enumerable.Range(0, 101).Select(k => Math.Exp(0.01 * (k - 50))).ToArray(); // logs −0.5 … 0.5, median 1
        var plain = SmallSampleCalibration.Widened((double[])draws.Clone(), 1);
        Assert.Equal(Percentile.Of(draws, Percentile.Lower), plain.Lower, 15);
        Assert.Equal(Percentile.Of(draws, Percentile.Upper), plain.Upper, 15);
        var wide = SmallSampleCalibration.Widened(draws, 3);
        Assert.Equal(3 * Math.Log(plain.Lower), Math.Log(wide.Lower), 12);
        Assert.Equal(3 * Math.Log(plain.Upper), Math.Log(wide.Upper), 12);
        Assert.True(SmallSampleCalibration.Widened([1e-9, 1e-6, 1.0], 50).Lower > 0);
    }

    [Fact]
    public void Parametric_bootstrap_fits_calibrate_parameter_and_prediction_intervals_and_say_so_while_the_run_bootstrap_does_not()
    {
        var fit = BiMixFitter.Fit(sweep.Train, new BiMixFitOptions { BootstrapResamples = 40, Seed = 3 });
        Assert.Equal(IntervalMethods.ParametricBootstrapName, fit.IntervalMethod);
        var factors = SmallSampleCalibration.Factors(fit)!;
        for (var i = 0; i < fit.Domains.Count; i++)
        {
            var domain = fit.DomainFits[i];
            Assert.Equal(SmallSampleCalibration.Factor(40, domain.Diagnostics.Points - 4), factors[i]);
            var alphas = fit.BootstrapLaws.Select(l => l[i].Alpha!.Value).ToArray();
            var median = Math.Log(Percentile.Of(alphas, 0.5));
            Assert.Equal(median - factors[i] * (median - Math.Log(Percentile.Of(alphas, Percentile.Lower))), Math.Log(domain.Intervals!.Alpha!.Lower), 12);
            Assert.Equal(median + factors[i] * (Math.Log(Percentile.Of(alphas, Percentile.Upper)) - median), Math.Log(domain.Intervals.Alpha.Upper), 12);
        }

        var mixture = sweep.Mixtures[4];
        var step = sweep.Steps[^1];
        var calibrated = BiMixPredictor.Predict(fit, mixture, step);
        var percentile = BiMixPredictor.Predict(fit with { IntervalMethod = IntervalMethods.RunBootstrapName }, mixture, step); // the same laws, read plainly
        for (var i = 0; i < fit.Domains.Count; i++)
        {
            var (c, p) = (calibrated.Domains[i], percentile.Domains[i]);
            Assert.Equal(IntervalMethods.ParametricBootstrapName + IntervalMethods.SmallSampleSuffix, c.IntervalMethod);
            Assert.True(c.Lower < p.Lower && c.Upper > p.Upper, $"{c} vs {p}");
            Assert.Equal(factors[i] * Math.Log(p.Upper / p.Lower), Math.Log(c.Upper / c.Lower), 9);
        }
        Assert.Equal(IntervalMethods.ParametricBootstrapName + IntervalMethods.SmallSampleSuffix, calibrated.Average.IntervalMethod);
        Assert.True(calibrated.Average.Lower < percentile.Average.Lower && calibrated.Average.Upper > percentile.Average.Upper);

        var runs = BiMixFitter.Fit(sweep.Train, new BiMixFitOptions { BootstrapResamples = 40, Seed = 3, Intervals = IntervalMethod.RunBootstrap });
        Assert.Null(SmallSampleCalibration.Factors(runs));
        var alpha0 = runs.BootstrapLaws.Select(l => l[0].Alpha!.Value).ToList();
        Assert.Equal(new Interval(Percentile.Of(alpha0, Percentile.Lower), Percentile.Of(alpha0, Percentile.Upper)), runs.DomainFits[0].Intervals!.Alpha);
        Assert.Equal(IntervalMethods.RunBootstrapName, BiMixPredictor.Predict(runs, mixture, step).Average.IntervalMethod);
    }
}
