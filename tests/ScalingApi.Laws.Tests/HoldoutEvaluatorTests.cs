using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Metrics;

namespace ScalingApi.Laws.Tests;

public class HoldoutEvaluatorTests
{
    // Two domains with trivial laws: domain 0 predicts 2.0 everywhere, domain 1 predicts 4.0 everywhere.
    private static readonly BiMixFit Fit = new(
        ["p", "q"],
        [
            new DomainFit("p", new DomainLaw(1, 0, 2, 0.0001, 1) , Diag(), null, null),
            new DomainFit("q", new DomainLaw(1, 0, 4, null, 1) { Domain = "q", ObservedProportion = 0.5 }, Diag(), null, null),
        ],
        [], 0);

    private static FitDiagnostics Diag() => new(true, 1, 0, 0, 10, 0, 1, null);

    [Fact]
    public void LastStep_averages_relative_error_over_runs_then_summarises_over_domains()
    {
        var heldOut = new BiMixData(["p", "q"],
            [new RunMixture("a", [0.5, 0.5]), new RunMixture("b", [0.5, 0.5])],
            [new(0, 0, 100, 2.2), new(1, 0, 100, 1.6), new(0, 1, 100, 5.0), new(1, 1, 100, 4.0)]);
        var e = HoldoutEvaluator.Evaluate(Fit, heldOut, HoldoutKind.LastStep);
        var p = (Math.Abs(2.2 - 2.0 * Math.Pow(0.5, -0.0001)) / 2.2 + Math.Abs(1.6 - 2.0 * Math.Pow(0.5, -0.0001)) / 1.6) / 2;
        var q = (1.0 / 5.0 + 0) / 2;
        Assert.Equal("relative-error", e.Metric);
        Assert.Equal(p, e.PerDomain[0].Value, 12);
        Assert.Equal(q, e.PerDomain[1].Value, 12);
        Assert.Equal(new MetricSummary((p + q) / 2, Math.Max(p, q), Math.Min(p, q)), e.Summary);
        Assert.Empty(e.Unscored);
    }

    [Fact]
    public void Runs_scores_log_r2_per_run_and_worst_is_the_minimum()
    {
        // Run "a" at proportion 0.5 for q (allowed without α); actual varies around the flat prediction.
        var heldOut = new BiMixData(["p", "q"],
            [new RunMixture("a", [0.5, 0.5])],
            [new(0, 0, 100, 2.0), new(0, 0, 200, 4.0), new(0, 1, 100, 4.0), new(0, 1, 200, 8.0)]);
        var e = HoldoutEvaluator.Evaluate(Fit, heldOut, HoldoutKind.Runs);
        var predP = 2.0 * Math.Pow(0.5, -0.0001);
        double[] la = [Math.Log(2), Math.Log(4)];
        var mean = la.Average();
        var ssTot = la.Sum(v => (v - mean) * (v - mean));
        var r2P = 1 - la.Sum(v => (v - Math.Log(predP)) * (v - Math.Log(predP))) / ssTot;
        var r2Q = 1 - (0 + Math.Log(2) * Math.Log(2)) / ssTot; // predicted 4: residuals 0 and ln 2
        Assert.Equal("log-r2", e.Metric);
        Assert.Equal(r2P, e.PerDomain[0].Value, 12);
        Assert.Equal(r2Q, e.PerDomain[1].Value, 12);
        Assert.Equal(Math.Min(r2P, r2Q), e.Summary.Worst, 12);
        Assert.Equal(Math.Max(r2P, r2Q), e.Summary.Best, 12);
    }

    [Fact]
    public void A_domain_without_alpha_at_a_new_proportion_is_unscored_not_guessed()
    {
        var heldOut = new BiMixData(["p", "q"],
            [new RunMixture("a", [0.3, 0.7])],
            [new(0, 0, 100, 2.0), new(0, 0, 200, 2.5), new(0, 1, 100, 4.0), new(0, 1, 200, 3.0)]);
        var e = HoldoutEvaluator.Evaluate(Fit, heldOut, HoldoutKind.Runs);
        Assert.Single(e.PerDomain);
        Assert.Equal("q", Assert.Single(e.Unscored).Domain);
    }

    [Fact]
    public void Last_step_protocol_on_the_synthetic_sweep_is_near_the_noise_level()
    {
        var sweep = new SyntheticSweep();
        var (train, heldOut) = sweep.Train.SplitLastStep();
        var fit = BiMixFitter.Fit(train, new BiMixFitOptions { BootstrapResamples = 0 });
        var e = HoldoutEvaluator.Evaluate(fit, heldOut, HoldoutKind.LastStep);
        Assert.Equal(7, e.PerDomain.Count);
        Assert.InRange(e.Summary.Mean, 0, 0.003);
        Assert.True(e.Summary.Worst >= e.Summary.Mean && e.Summary.Mean >= e.Summary.Best);

        var unseen = HoldoutEvaluator.Evaluate(sweep.Fit, sweep.Unseen, HoldoutKind.Runs);
        Assert.InRange(unseen.Summary.Worst, 0.98, 1.0);
    }
}
