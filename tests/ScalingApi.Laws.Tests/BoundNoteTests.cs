using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Tests;

public class BoundNoteTests
{
    private static readonly double[] Limits = [1e80, 30, 5, 10];

    [Fact]
    public void Names_only_alpha_when_only_alpha_is_at_its_lower_bound()
    {
        var note = BoundNote.Describe([false, false, false, true], [false, false, false, false], Limits)!;

        Assert.StartsWith("α at the edge of its range (α → 0:", note);
        Assert.DoesNotContain("C →", note);
        Assert.EndsWith("the other parameters are optimal given that", note);
    }

    [Fact]
    public void Names_every_parameter_at_a_bound_with_the_edge_it_is_on()
    {
        var note = BoundNote.Describe([false, true, false, false], [false, false, true, false], Limits)!;

        Assert.StartsWith("C, β at the edges of their ranges (", note);
        Assert.Contains("C → 0: the data do not resolve an irreducible loss", note);
        Assert.Contains("β at its upper limit 5:", note);
        Assert.DoesNotContain("α", note);
    }

    [Fact]
    public void Says_nothing_when_no_parameter_is_on_a_bound()
    {
        Assert.Null(BoundNote.Describe([false, false, false], [false, false, false], Limits[..3]));
    }

    [Fact]
    public void A_fit_of_a_domain_whose_loss_ignores_its_proportion_notes_alpha_and_not_C()
    {
        // α = 0 in truth: every mixture sees the same curve, so the fit drives α onto its floor while
        // C (2.0, well resolved by the curve's flattening) stays inside its range.
        var truth = new[] { new DomainLaw(1, 3, 2.0, 0, 0.5), new DomainLaw(1, 4, 1.5, 0.3, 0.4) };
        var mixtures = new double[][] { [0.2, 0.8], [0.5, 0.5], [0.8, 0.2] };
        var data = BiMixSimulator.Generate(truth, mixtures, BiMixSimulator.GeometricSteps(10, 10_000, 15), relativeNoise: 0, seed: 1);

        var fit = BiMixFitter.Fit(data, new BiMixFitOptions { BootstrapResamples = 0, MaxDegreeOfParallelism = 1 });

        var flat = fit.DomainFits[0];
        Assert.True(flat.Law.Alpha < 1e-3, $"alpha {flat.Law.Alpha}");
        Assert.Contains("α at the edge of its range (α → 0", flat.Note);
        Assert.DoesNotContain("C →", flat.Note);
    }
}
