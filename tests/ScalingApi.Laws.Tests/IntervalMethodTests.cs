using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Mixtures;

namespace ScalingApi.Laws.Tests;

public class IntervalMethodTests(SyntheticSweep sweep) : IClassFixture<SyntheticSweep>
{
    [Fact]
    public void Below_twelve_runs_auto_uses_the_parametric_bootstrap_and_a_single_run_still_gets_intervals()
    {
        var oneRun = sweep.Train.SelectRuns(new HashSet<string> { "run0" });
        var fit = BiMixFitter.Fit(oneRun, new BiMixFitOptions { BootstrapResamples = 40, Seed = 2 });
        Assert.Equal(IntervalMethods.ParametricBootstrapName, fit.IntervalMethod);
        Assert.All(fit.DomainFits, d => Assert.True(d.Intervals!.B.Upper > d.Intervals.B.Lower && d.Intervals.C.Upper > d.Intervals.C.Lower));
        Assert.Contains(fit.Warnings, w => w.Contains("single run"));

        var runs = BiMixFitter.Fit(sweep.Train, new BiMixFitOptions { BootstrapResamples = 20, Intervals = IntervalMethod.RunBootstrap });
        Assert.Equal(IntervalMethods.RunBootstrapName, runs.IntervalMethod);
        Assert.Contains(runs.Warnings, w => w.Contains("Run bootstrap with 4 runs"));
    }

    [Fact]
    public void A_law_that_fits_gets_no_model_error_and_a_law_that_bends_away_does()
    {
        var fit = BiMixFitter.Fit(sweep.Train, new BiMixFitOptions { BootstrapResamples = 60, Seed = 5 });
        Assert.All(fit.DomainFits, d => Assert.NotNull(d.ExtrapolationError));
        Assert.True(fit.DomainFits.Count(d => d.ExtrapolationError!.PerLogStep == 0) >= 6);

        // The same sweep whose losses fall 3 % more per e-fold of steps after 20k: the law's power tail cannot follow.
        var bent = sweep.Train with
        {
            Observations = sweep.Train.Observations.Select(o => o with { Loss = o.Loss * (1 - 0.03 * Math.Max(0, Math.Log(o.Step / 20_000))) }).ToList(),
        };
        var misfit = BiMixFitter.Fit(bent, new BiMixFitOptions { BootstrapResamples = 60, Seed = 5 });
        Assert.All(misfit.DomainFits, d => Assert.True(d.ExtrapolationError!.PerLogStep > 0, d.Domain));

        var far = 4 * sweep.Steps[^1];
        var mixture = sweep.Mixtures[4];
        var withError = BiMixPredictor.Predict(misfit, mixture, far);
        var withoutError = BiMixPredictor.Predict(misfit with { DomainFits = misfit.DomainFits.Select(d => d with { ExtrapolationError = null }).ToList() }, mixture, far);
        Assert.Equal(IntervalMethods.ParametricBootstrapName + IntervalMethods.SmallSampleSuffix + IntervalMethods.ModelErrorSuffix, withError.Average.IntervalMethod);
        Assert.Equal(IntervalMethods.ParametricBootstrapName + IntervalMethods.SmallSampleSuffix, withoutError.Average.IntervalMethod);
        Assert.True(withError.Average.Upper - withError.Average.Lower > 1.5 * (withoutError.Average.Upper - withoutError.Average.Lower));
        // Within the observed steps the model-error term adds nothing.
        var last = BiMixPredictor.Predict(misfit, mixture, sweep.Steps[^1]);
        Assert.Equal(IntervalMethods.ParametricBootstrapName + IntervalMethods.SmallSampleSuffix, last.Average.IntervalMethod);
    }

    [Fact]
    public void Trust_region_narrows_bounds_to_the_observed_proportions_and_names_violations()
    {
        var fit = BiMixFitter.Fit(sweep.Train, new BiMixFitOptions { BootstrapResamples = 0 });
        var open = Enumerable.Repeat(new ProportionBounds(0, 1), 7).ToList();
        var region = TrustRegion.Apply(fit, open, extrapolate: false);
        for (var i = 0; i < 7; i++)
        {
            var shares = sweep.Mixtures.Take(4).Select(m => m[i]).ToList();
            Assert.Equal(shares.Min(), region.Bounds[i].Min, 9);
            Assert.Equal(shares.Max(), region.Bounds[i].Max, 9);
        }
        Assert.Equal(open, TrustRegion.Apply(fit, open, extrapolate: true).Bounds);

        var optimum = MixtureOptimizer.Optimize(fit.DomainFits.Select(d => d.Law).ToList(), 800_000, Enumerable.Repeat(1.0, 7).ToList(), region.Bounds);
        var atBound = region.AtObservedBound(fit, optimum, open);
        Assert.All(atBound, kv => Assert.Contains(fit.Domains[kv.Key], kv.Value));

        var violations = TrustRegion.Violations(fit.Domains, Enumerable.Repeat(1.0 / 7, 7).ToList(),
            open.Select((b, i) => i == 0 ? new ProportionBounds(0.2, 1) : b).ToList(), Enumerable.Repeat(0.5, 6).Prepend(0.1).ToList());
        Assert.Single(violations);
        Assert.Contains("data limit", violations[0]);
    }
}
