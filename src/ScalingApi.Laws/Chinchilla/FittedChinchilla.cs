using System.Text.Json.Serialization;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;

namespace ScalingApi.Laws.Chinchilla;

/// <summary>One domain's Chinchilla law, its bootstrap refits (same draws for every domain) and how the fit finished.</summary>
public sealed record ChinchillaDomainFit(
    string Domain,
    ChinchillaLawParameters Law,
    IReadOnlyList<ChinchillaLawParameters> Bootstrap,
    FitDiagnostics Diagnostics);

/// <summary>A fitted Chinchilla law over all domains; D = step × <see cref="TokensPerStep"/>.</summary>
public sealed record FittedChinchilla(IReadOnlyList<string> Domains, IReadOnlyList<ChinchillaDomainFit> DomainFits, double TokensPerStep) : IFittedLaw
{
    [JsonIgnore] public string Law => "chinchilla";
    [JsonIgnore] public int ParameterCount => 5 * DomainFits.Count;
    [JsonIgnore] public int BootstrapResamples => DomainFits.Count == 0 ? 0 : DomainFits[0].Bootstrap.Count;

    [JsonIgnore]
    public IReadOnlyList<DomainParameters> Parameters => DomainFits.Select(d => new DomainParameters(
        d.Domain,
        Values(d.Law),
        d.Bootstrap.Count == 0 ? null : Enumerable.Range(0, 5).Select(k => LawPredictions.IntervalOf(d.Bootstrap.Select(b => Values(b)[k]!.Value))).ToList(),
        d.Diagnostics,
        d.Diagnostics.Converged ? null : $"The optimizer did not converge ({d.Diagnostics.Message}); treat these parameters with caution.")).ToList();

    private static IReadOnlyList<double?> Values(ChinchillaLawParameters p) => [p.A, p.B, p.E, p.Alpha, p.Beta];

    public double PredictDomain(int domain, LawPoint point) => DomainFits[domain].Law.Predict(ModelSize(point), point.Step * TokensPerStep);

    private static double ModelSize(LawPoint point) =>
        point.Parameters ?? throw new ArgumentException("is required by the chinchilla law: the model size N (> 0)", "parameters");

    public MixturePrediction Predict(LawPoint point, IReadOnlyList<double>? weights = null)
    {
        var n = ModelSize(point);
        var tokens = point.Step * TokensPerStep;
        var estimate = DomainFits.Select(d => d.Law.Predict(n, tokens)).ToArray();
        var draws = Enumerable.Range(0, BootstrapResamples)
            .Select(k => DomainFits.Select(d => d.Bootstrap[k].Predict(n, tokens)).ToArray()).ToList();
        return LawPredictions.Combine(estimate, draws, weights);
    }
}
