using ScalingApi.Laws.BiMix;

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
