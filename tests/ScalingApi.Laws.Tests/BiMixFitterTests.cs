using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

public class BiMixFitterTests(SyntheticSweep sweep) : IClassFixture<SyntheticSweep>
{
    [Fact]
    public void Recovers_alpha_and_beta_within_five_percent()
    {
        for (var i = 0; i < sweep.Truth.Length; i++)
        {
            var fitted = sweep.Fit.DomainFits[i].Law;
            var truth = sweep.Truth[i];
            Assert.InRange(fitted.Alpha!.Value / truth.Alpha!.Value, 0.95, 1.05);
            Assert.InRange(fitted.Beta / truth.Beta, 0.95, 1.05);
            Assert.Equal(1.0, fitted.A);
        }
    }

    [Fact]
    public void Predicts_an_unseen_mixtures_final_loss_within_point_three_percent()
    {
        var unseen = sweep.Mixtures[4];
        var finalStep = sweep.Steps[^1];
        var actual = sweep.Unseen.Observations.Where(o => o.Step == finalStep).OrderBy(o => o.Domain).ToList();
        Assert.Equal(7, actual.Count);
        foreach (var o in actual)
        {
            var predicted = sweep.Fit.DomainFits[o.Domain].Law.Predict(unseen[o.Domain], finalStep);
            Assert.InRange(Math.Abs(predicted - o.Loss) / o.Loss, 0, 0.003);
        }
    }

    [Fact]
    public void Reports_converged_diagnostics_with_in_sample_error_near_the_noise()
    {
        foreach (var d in sweep.Fit.DomainFits)
        {
            Assert.True(d.Diagnostics.Converged, d.Diagnostics.Message);
            Assert.Equal(80, d.Diagnostics.Points);
            Assert.InRange(d.Diagnostics.InSampleRelativeError, 1e-4, 2e-3); // noise σ = 0.1 %
            Assert.InRange(d.Diagnostics.InSampleLogR2, 0.99, 1.0);
            Assert.Null(d.Note);
            Assert.Null(d.Intervals);
        }
        Assert.Empty(sweep.Fit.BootstrapLaws);
    }

    [Fact]
    public void Least_squares_objective_recovers_noiseless_coefficients_exactly()
    {
        var data = BiMixSimulator.Generate(sweep.Truth[..2], sweep.Mixtures[..4].Select(m => m[..2]).ToArray(), sweep.Steps, 0, seed: 1);
        var fit = BiMixFitter.Fit(data, new BiMixFitOptions { Objective = FitObjective.LeastSquares, BootstrapResamples = 0 });
        for (var i = 0; i < 2; i++)
        {
            var (f, t) = (fit.DomainFits[i].Law, sweep.Truth[i]);
            Assert.Equal(t.Alpha!.Value, f.Alpha!.Value, 6);
            Assert.Equal(t.Beta, f.Beta, 6);
            Assert.Equal(t.B, f.B, 4);
            Assert.Equal(t.C, f.C, 6);
        }
    }

    [Fact]
    public void Fits_large_coefficients_without_stopping_early()
    {
        // The MathNet 5.0.0 failure mode: large parameter values. B = 5000 with β = 0.9.
        var truth = new[] { new DomainLaw(1, 5_000, 1.7, 0.12, 0.9) { Domain = "big" } };
        var data = BiMixSimulator.Generate(truth, [[0.1], [0.3], [0.6], [0.9]], sweep.Steps, 1e-4, seed: 2);
        var fit = BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 0 }).DomainFits[0];
        Assert.True(fit.Diagnostics.Converged, fit.Diagnostics.Message);
        Assert.InRange(fit.Law.B / 5_000, 0.9, 1.1);
        Assert.InRange(fit.Law.Beta / 0.9, 0.99, 1.01);
    }

    [Fact]
    public void A_pure_power_law_stops_with_C_on_its_bound_and_says_so()
    {
        // No irreducible loss at all: the optimum is C → 0, which log parameters can only approach.
        var truth = new[] { new DomainLaw(1, 30, 0, 0.1, 0.3) { Domain = "power" } };
        var data = BiMixSimulator.Generate(truth, [[0.1], [0.3], [0.6], [0.9]], sweep.Steps, 0, seed: 5);
        var fit = BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 0 }).DomainFits[0];
        Assert.True(fit.Diagnostics.Converged, fit.Diagnostics.Message);
        Assert.InRange(fit.Law.C, 0, 1e-4);
        Assert.Contains("C at the edge", fit.Note);
        // C's floor (a millionth of the loss scale) biases β by ~1e-6 only.
        Assert.Equal(0.1, fit.Law.Alpha!.Value, 5);
        Assert.Equal(0.3, fit.Law.Beta, 5);
    }

    [Fact]
    public void A_domain_seen_at_one_proportion_gets_no_alpha_and_a_note()
    {
        // Domain 1 keeps 0.25 in every run; domain 0 varies.
        var truth = sweep.Truth[..2];
        double[][] mixtures = [[0.75, 0.25], [0.5, 0.25], [0.3, 0.25], [0.6, 0.25]];
        var data = BiMixSimulator.Generate(truth, mixtures, sweep.Steps, 1e-3, seed: 3);
        var fit = BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 20, Seed = 1 });

        Assert.NotNull(fit.DomainFits[0].Law.Alpha);
        var fixedDomain = fit.DomainFits[1];
        Assert.Null(fixedDomain.Law.Alpha);
        Assert.Contains("single proportion", fixedDomain.Note);
        Assert.Null(fixedDomain.Intervals!.Alpha);
        Assert.InRange(fixedDomain.Law.Beta / truth[1].Beta, 0.9, 1.1);
        // B̃ = B·0.25^-α, C̃ = C·0.25^-α at the observed proportion.
        Assert.InRange(fixedDomain.Law.C / (truth[1].C * Math.Pow(0.25, -truth[1].Alpha!.Value)), 0.99, 1.01);
        Assert.Throws<AlphaUnavailableException>(() => fixedDomain.Law.Predict(0.5, 1000));
        Assert.Equal(truth[1].Predict(0.25, 50_000), fixedDomain.Law.Predict(0.25, 50_000), 2);
    }

    [Fact]
    public void Too_few_steps_names_the_domain_and_what_is_needed()
    {
        var truth = sweep.Truth[..2];
        var data = BiMixSimulator.Generate(truth, sweep.Mixtures[..4].Select(m => m[..2]).ToArray(), [1000, 2000], 1e-3, seed: 4);
        var error = Assert.Throws<InsufficientDataException>(() => BiMixFitter.Fit(data, new BiMixFitOptions()));
        Assert.Contains("domain0", error.Message);
        Assert.Contains("3 or more distinct steps", error.Message);
    }

    [Fact]
    public void A_domain_without_observations_is_insufficient_data()
    {
        var data = sweep.Train with { Observations = sweep.Train.Observations.Where(o => o.Domain != 3).ToList() };
        var error = Assert.Throws<InsufficientDataException>(() => BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 0 }));
        Assert.Contains("domain3", error.Message);
        Assert.Contains("0 usable", error.Message);
    }

    [Fact]
    public void Observations_at_proportion_zero_are_ignored_with_a_note()
    {
        var runs = sweep.Train.Runs.ToList();
        runs.Add(new RunMixture("ablation", [0, .2, .2, .2, .2, .1, .1]));
        var extra = sweep.Steps.Select(s => new LossObservation(4, 0, s, 9.0));
        var data = new BiMixData(sweep.Train.Domains, runs, sweep.Train.Observations.Concat(extra).ToList());
        var fit = BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 0 });
        Assert.Contains("proportion 0", fit.DomainFits[0].Note);
        Assert.Equal(sweep.Fit.DomainFits[0].Law.Alpha!.Value, fit.DomainFits[0].Law.Alpha!.Value, 9);
    }
}
