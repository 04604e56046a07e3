using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;

namespace ScalingApi.Laws.Tests.Catalog;

public class BiMixLawTests(SyntheticSweep sweep) : IClassFixture<SyntheticSweep>
{
    [Fact]
    public void Behind_the_interface_BiMix_gives_the_fitters_numbers()
    {
        var fitted = new BiMixLaw().Fit(sweep.Train, new LawFitOptions { BootstrapResamples = 0 });
        var direct = sweep.Fit;
        var point = new LawPoint(sweep.Mixtures[4], sweep.Steps[^1]);
        var viaInterface = fitted.Predict(point);
        var viaPredictor = BiMixPredictor.Predict(direct, sweep.Mixtures[4], sweep.Steps[^1]);
        Assert.Equal(viaPredictor.Average.Loss, viaInterface.Average.Loss);
        for (var i = 0; i < direct.Domains.Count; i++)
        {
            Assert.Equal(viaPredictor.Domains[i].Loss, fitted.PredictDomain(i, point));
            Assert.Equal([direct.DomainFits[i].Law.B, direct.DomainFits[i].Law.C, direct.DomainFits[i].Law.Alpha, direct.DomainFits[i].Law.Beta],
                fitted.Parameters[i].Values);
        }
        Assert.Equal(4 * 7, fitted.ParameterCount);
        Assert.Equal(["b", "c", "alpha", "beta"], fitted.ParameterNames);
    }

    [Fact]
    public void The_catalog_finds_every_law_by_name()
    {
        foreach (var name in LawCatalog.Names) Assert.Equal(name, LawCatalog.Find(name)!.Name);
        Assert.Null(LawCatalog.Find("nope"));
        Assert.Contains("chinchilla", LawCatalog.Names);
        Assert.Contains("dml", LawCatalog.Names);
    }
}
