using System.Text.Json.Serialization;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Catalog;

/// <summary>BiMix (Ge et al.) behind the law interface: the same fitter, the same numbers.</summary>
public sealed class BiMixLaw : IScalingLaw
{
    public string Name => "bimix";
    public string Formula => "L_i(r, s) = r_i^-alpha_i (b_i s^-beta_i + c_i)  (A = 1)";
    public IReadOnlyList<string> ParameterNames { get; } = ["b", "c", "alpha", "beta"];

    public string? Inapplicable(BiMixData data, LawFitOptions options) => null;

    public IFittedLaw Fit(BiMixData data, LawFitOptions options) => new FittedBiMix(BiMixFitter.Fit(data, new BiMixFitOptions
    {
        Objective = options.Objective,
        HuberDelta = options.HuberDelta,
        BootstrapResamples = options.BootstrapResamples,
        Seed = options.Seed,
        MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
    }));
}

/// <summary>A <see cref="BiMixFit"/> seen through <see cref="IFittedLaw"/>.</summary>
public sealed record FittedBiMix(BiMixFit Fit) : IFittedLaw
{
    [JsonIgnore] public string Law => "bimix";
    [JsonIgnore] public IReadOnlyList<string> Domains => Fit.Domains;
    [JsonIgnore] public int BootstrapResamples => Fit.BootstrapLaws.Count;

    [JsonIgnore]
    public IReadOnlyList<DomainParameters> Parameters => Fit.DomainFits.Select(d => new DomainParameters(
        d.Domain,
        [d.Law.B, d.Law.C, d.Law.Alpha, d.Law.Beta],
        d.Intervals is { } i ? [i.B, i.C, i.Alpha, i.Beta] : null,
        d.Diagnostics, d.Note)).ToList();

    /// <summary>b, c, β per domain, and α where it is identifiable.</summary>
    [JsonIgnore] public int ParameterCount => Fit.DomainFits.Sum(d => d.Law.Alpha is null ? 3 : 4);

    public double PredictDomain(int domain, LawPoint point) => Fit.DomainFits[domain].Law.Predict(point.Mixture[domain], point.Step);

    public MixturePrediction Predict(LawPoint point, IReadOnlyList<double>? weights = null) =>
        BiMixPredictor.Predict(Fit, point.Mixture, point.Step, weights);
}
