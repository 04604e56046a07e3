using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.DataMixing;

namespace ScalingApi.Laws.Tests.Catalog;

public class DataMixingLawTests
{
    // Three domains; each domain's loss falls with its own share and (for domain 1) with domain 0's, as transfer would make it.
    private static readonly (double C, double K, double[] T)[] Truth =
    [
        (1.8, 0.9, [-1.2, 0.3, 0.4]),
        (2.1, 0.7, [-0.5, -1.0, 0.2]),
        (1.5, 1.1, [0.2, 0.1, -1.5]),
    ];

    private static double Loss(int domain, double[] r) => Truth[domain].C + Truth[domain].K * Math.Exp(Truth[domain].T.Select((t, j) => t * r[j]).Sum());

    private static readonly double[][] Mixtures =
    [
        [0.6, 0.2, 0.2], [0.2, 0.6, 0.2], [0.2, 0.2, 0.6], [1 / 3.0, 1 / 3.0, 1 / 3.0],
        [0.5, 0.4, 0.1], [0.1, 0.5, 0.4], [0.4, 0.1, 0.5], [0.7, 0.1, 0.2],
    ];

    /// <summary>Runs on the first <paramref name="count"/> mixtures, checkpoints at 100 and 200.</summary>
    private static BiMixData Data(int count) => new(["a", "b", "c"],
        Mixtures.Take(count).Select((r, k) => new RunMixture($"m{k}", r)).ToList(),
        (from k in Enumerable.Range(0, count) from step in new[] { 100.0, 200.0 } from i in Enumerable.Range(0, 3)
         select new LossObservation(k, i, step, Loss(i, Mixtures[k]) * (step == 100 ? 1.1 : 1))).ToList());

    private static readonly LawFitOptions Options = new() { BootstrapResamples = 0 };

    [Fact]
    public void Fits_at_the_common_last_step_and_predicts_an_unseen_mixture()
    {
        var fit = new DataMixingLaw().Fit(Data(7), Options);
        Assert.Equal(200, fit.FixedStep);
        double[] unseen = [0.25, 0.45, 0.3];
        for (var i = 0; i < 3; i++)
            Assert.Equal(Loss(i, unseen), fit.PredictDomain(i, new LawPoint(unseen, 200)), 4);
        Assert.Equal(3 * 4, fit.ParameterCount);
        Assert.Equal(["c", "k", "t[a]", "t[b]", "t[c]"], fit.ParameterNames);
        Assert.All(fit.Parameters, d => Assert.Equal(0, d.Values.Skip(2).Sum(v => v!.Value), 9));
    }

    [Fact]
    public void At_step_picks_another_checkpoint()
    {
        var fit = new DataMixingLaw().Fit(Data(7), Options with { AtStep = 100 });
        double[] r = [0.25, 0.45, 0.3];
        Assert.Equal(Loss(0, r) * 1.1, fit.PredictDomain(0, new LawPoint(r, 100)), 4);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => fit.PredictDomain(0, new LawPoint(r, 200)));
        Assert.Equal("steps", e.ParamName);
    }

    [Fact]
    public void Needs_m_plus_two_mixtures_and_says_how_many_more()
    {
        var law = new DataMixingLaw();
        Assert.Contains("add 2 more run(s)", law.Inapplicable(Data(3), Options));
        Assert.Contains("add 1 more run(s)", law.Inapplicable(Data(4), Options));
        Assert.Null(law.Inapplicable(Data(5), Options));
        // a repeated mixture is not a new one
        var repeated = Data(4) with { Runs = [.. Data(4).Runs, new RunMixture("again", Mixtures[0])] };
        repeated = repeated with { Observations = [.. repeated.Observations, .. Enumerable.Range(0, 3).Select(i => new LossObservation(4, i, 200, Loss(i, Mixtures[0])))] };
        Assert.Contains("add 1 more run(s)", law.Inapplicable(repeated, Options));
    }

    [Fact]
    public void Bootstrap_intervals_cover_the_fit()
    {
        var fit = new DataMixingLaw().Fit(Data(8), Options with { BootstrapResamples = 40, Seed = 2 });
        var prediction = fit.Predict(new LawPoint([0.3, 0.3, 0.4], 200));
        Assert.All(prediction.Domains, d => Assert.InRange(d.Loss, d.Lower - 1e-9, d.Upper + 1e-9));
        Assert.Equal(40, fit.BootstrapResamples);
    }
}
