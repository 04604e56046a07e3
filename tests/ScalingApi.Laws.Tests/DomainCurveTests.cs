using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

public class DomainCurveTests
{
    private static readonly DomainLaw Law = new(1, 4, 2, 0.2, 0.5);

    private static BiMixFit FitOf(IReadOnlyList<IReadOnlyList<DomainLaw>> bootstrap, DomainLaw law) => new(
        ["x"], [new DomainFit("x", law, new FitDiagnostics(true, 1, 0, 0, 10, 0, 1, null), null, null)], bootstrap, 0);

    [Fact]
    public void Curve_is_the_law_at_log_spaced_steps_from_first_to_last()
    {
        var curve = DomainCurve.Along(FitOf([], Law), 0, 0.3, 100, 10_000, count: 3);
        Assert.Equal([100.0, 1000.0, 10_000.0], curve.Select(p => Math.Round(p.Step, 9)));
        foreach (var p in curve) Assert.Equal(new CurvePoint(p.Step, Law.Predict(0.3, p.Step), Law.Predict(0.3, p.Step), Law.Predict(0.3, p.Step)), p);
    }

    [Fact]
    public void Band_is_the_percentile_interval_of_the_bootstrap_laws_at_each_step()
    {
        // 41 laws with C shifted by 0.00 .. 0.40: the 2.5 / 97.5 % percentiles are the shifts 0.01 and 0.39
        var bootstrap = Enumerable.Range(0, 41).Select(k => (IReadOnlyList<DomainLaw>)[Law with { C = Law.C + k * 0.01 }]).ToList();
        var p = DomainCurve.Along(FitOf(bootstrap, Law), 0, 0.5, 1000, 1000, count: 1).Single();
        var scale = Math.Pow(0.5, -0.2);
        Assert.Equal(Law.Predict(0.5, 1000), p.Loss, 12);
        Assert.Equal((4 * Math.Pow(1000, -0.5) + 2.01) * scale, p.Lower, 12);
        Assert.Equal((4 * Math.Pow(1000, -0.5) + 2.39) * scale, p.Upper, 12);
    }

    [Fact]
    public void A_domain_without_alpha_has_a_curve_only_at_the_proportion_it_was_seen_at()
    {
        var law = new DomainLaw(1, 4, 2, null, 0.5) { Domain = "x", ObservedProportion = 0.25 };
        Assert.Equal(law.Predict(0.25, 50), DomainCurve.Along(FitOf([], law), 0, 0.25, 50, 50, count: 1).Single().Loss);
        Assert.Throws<AlphaUnavailableException>(() => DomainCurve.Along(FitOf([], law), 0, 0.5, 50, 100));
    }
}
