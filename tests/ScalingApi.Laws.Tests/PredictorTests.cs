using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Statistics;

namespace ScalingApi.Laws.Tests;

public class PredictorTests
{
    private static readonly DomainLaw[] Laws = [new(1, 4, 2, 0.2, 0.5), new(1, 6, 1, 0.1, 0.3)];

    private static BiMixFit FitOf(IReadOnlyList<IReadOnlyList<DomainLaw>> bootstrap) => new(
        ["x", "y"],
        Laws.Select(l => new DomainFit("x", l, new FitDiagnostics(true, 1, 0, 0, 10, 0, 1, null), null, null)).ToList(),
        bootstrap, 0);

    [Fact]
    public void Without_bootstrap_the_interval_collapses_to_the_point()
    {
        var p = BiMixPredictor.Predict(FitOf([]), [0.4, 0.6], 10_000);
        var expected0 = Laws[0].Predict(0.4, 10_000);
        Assert.Equal(new PredictedLoss(expected0, expected0, expected0), p.Domains[0]);
        Assert.Equal((expected0 + Laws[1].Predict(0.6, 10_000)) / 2, p.Average.Loss, 12);
    }

    [Fact]
    public void Intervals_are_percentiles_over_bootstrap_laws_and_weights_are_normalised()
    {
        // 41 bootstrap laws with C shifted by 0.00 .. 0.40: the 2.5/97.5 % percentiles are shifts 0.01 and 0.39.
        var bootstrap = Enumerable.Range(0, 41)
            .Select(k => (IReadOnlyList<DomainLaw>)Laws.Select(l => l with { C = l.C + k * 0.01 }).ToList())
            .ToList();
        var p = BiMixPredictor.Predict(FitOf(bootstrap), [0.4, 0.6], 10_000, weights: [3, 1]);
        var r0 = Math.Pow(0.4, -0.2);
        Assert.Equal(Laws[0].Predict(0.4, 10_000) + 0.01 * r0, p.Domains[0].Lower, 10);
        Assert.Equal(Laws[0].Predict(0.4, 10_000) + 0.39 * r0, p.Domains[0].Upper, 10);
        var average = 0.75 * Laws[0].Predict(0.4, 10_000) + 0.25 * Laws[1].Predict(0.6, 10_000);
        Assert.Equal(average, p.Average.Loss, 12);
        Assert.True(p.Average.Lower > average && p.Average.Upper > p.Average.Lower);
    }

    [Fact]
    public void Mismatched_mixture_is_rejected() =>
        Assert.Throws<ArgumentException>(() => BiMixPredictor.Predict(FitOf([]), [1.0], 1000));
}

/// <summary>
/// The per-domain loops over a fit's bootstrap law table give exactly (bit for bit) what the definition gives: per resample,
/// every domain's loss times the resample's model-error factors (in steps, shared; in proportion, the domain's own), its
/// weighted average, and type-7 percentiles of each, widened by the small-sample factor (a parametric-bootstrap fit).
/// </summary>
public class BootstrapTablePredictionTests
{
    private static readonly BiMixFit Fitted = BiMixFitter.Fit(
        BiMixSimulator.Generate(BiMixSimulator.RandomLaws(7, seed: 5), BiMixSimulator.RandomMixtures(7, 4, seed: 6),
            Enumerable.Range(1, 20).Select(k => k * 10_000.0).ToArray(), relativeNoise: 1e-3, seed: 7),
        new BiMixFitOptions { BootstrapResamples = 60, Seed = 11 });

    // every domain with a model error past the last observed step and outside its observed shares (this synthetic fit's own
    // are within noise, i.e. mostly zero)
    private static readonly BiMixFit Fit = Fitted with
    {
        DomainFits = Fitted.DomainFits.Select((d, i) => d with
        {
            ExtrapolationError = new ExtrapolationError(0.01 * (i + 1), 200_000, 0, 0, 4),
            ProportionError = new ProportionExtrapolationError(0.02 * (i + 1), d.Observed!.MinProportion, d.Observed.MaxProportion, 0, 0, 2),
        }).ToList(),
    };

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static MixturePrediction ByDefinition(double[] mixture, double step, double[] weights)
    {
        var w = weights.Select(x => x / weights.Sum()).ToArray();
        var random = new Random(unchecked(Fit.Seed * 31 + 17)); // the fit's model-error shocks, as documented in BiMixPredictor
        var shocks = Fit.BootstrapLaws.Select(_ => Normal(random)).ToArray();
        var proportionRandom = new Random(unchecked(Fit.Seed * 31 + 19)); // per domain, its own proportion-error shocks
        var proportionShocks = Fit.Domains.Select(_ => Fit.BootstrapLaws.Select(_ => Normal(proportionRandom)).ToArray()).ToArray();
        var sd = Fit.DomainFits.Select(d => d.ExtrapolationError?.LogSd(step) ?? 0).ToArray();
        var proportionSd = Fit.DomainFits.Select((d, i) => d.ProportionError?.LogSd(mixture[i]) ?? 0).ToArray();
        var draws = Fit.BootstrapLaws.Select((laws, k) => laws.Select((law, i) =>
            law.Predict(mixture[i], step) * Math.Exp(sd[i] * shocks[k] + proportionSd[i] * proportionShocks[i][k])).ToArray()).ToList();
        // a parametric-bootstrap fit: each end moved away from the draws' median in log space by κ (n − p = 80 − 4 for every domain)
        var factor = SmallSampleCalibration.Factor(Fit.BootstrapLaws.Count, 76);
        PredictedLoss Interval(double loss, IEnumerable<double> values)
        {
            var median = Math.Log(Percentile.Of(values, 0.5));
            return new(loss, Math.Exp(median - factor * (median - Math.Log(Percentile.Of(values, Percentile.Lower)))),
                Math.Exp(median + factor * (Math.Log(Percentile.Of(values, Percentile.Upper)) - median)));
        }
        var point = Fit.DomainFits.Select((d, i) => d.Law.Predict(mixture[i], step)).ToArray();
        return new MixturePrediction(
            Enumerable.Range(0, 7).Select(i => Interval(point[i], draws.Select(d => d[i]))).ToList(),
            Interval(point.Select((x, i) => w[i] * x).Sum(), draws.Select(d => d.Select((x, i) => w[i] * x).Sum())));
    }

    [Theory]
    [InlineData(150_000)] // inside the observed steps: no model error
    [InlineData(1_000_000)] // 5× past them: the model-error shocks widen every draw
    public void Table_predictions_equal_the_definition_exactly_and_again_on_reuse(double step)
    {
        Assert.Equal(step > 200_000, Fit.DomainFits.Any(d => d.ExtrapolationError?.LogSd(step) > 0));
        var mixture = BiMixSimulator.RandomMixtures(7, 1, seed: 9)[0];
        Assert.Contains(Enumerable.Range(0, 7), i => Fit.DomainFits[i].ProportionError!.LogSd(mixture[i]) > 0); // some share lies outside the runs'
        double[] weights = [1, 2, 3, 1, 1, 0, 2];
        var expected = ByDefinition(mixture, step, weights);
        for (var round = 0; round < 2; round++)
        {
            var actual = BiMixPredictor.Predict(Fit, mixture, step, weights);
            for (var i = 0; i < 7; i++)
            {
                Assert.Equal(expected.Domains[i].Loss, actual.Domains[i].Loss);
                Assert.Equal(expected.Domains[i].Lower, actual.Domains[i].Lower);
                Assert.Equal(expected.Domains[i].Upper, actual.Domains[i].Upper);
            }
            Assert.Equal(expected.Average.Lower, actual.Average.Lower);
            Assert.Equal(expected.Average.Upper, actual.Average.Upper);
            Assert.Equal(expected.Average.Loss, actual.Average.Loss);
        }
    }
}
