using System.Text.Json.Serialization;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;

namespace ScalingApi.Laws.DataMixing;

/// <summary>One domain's c + k exp(t·r), with Σ t = 0 (k absorbs the common shift).</summary>
public sealed record DataMixingDomainLaw(double C, double K, IReadOnlyList<double> T)
{
    public double Predict(IReadOnlyList<double> mixture)
    {
        if (mixture.Count != T.Count) throw new ArgumentException($"The mixture has {mixture.Count} proportions for {T.Count} domains.", "mixture");
        return C + K * Math.Exp(T.Select((t, j) => t * mixture[j]).Sum());
    }

    internal static DataMixingDomainLaw FromTheta(double[] theta)
    {
        var t = theta[2..];
        var shift = t.Average();
        return new DataMixingDomainLaw(Math.Exp(theta[0]), Math.Exp(theta[1] + shift), t.Select(x => x - shift).ToArray());
    }
}

public sealed record DataMixingDomainFit(string Domain, DataMixingDomainLaw Law, IReadOnlyList<DataMixingDomainLaw> Bootstrap, FitDiagnostics Diagnostics);

/// <summary>A fitted Data Mixing Law; it speaks about <see cref="Step"/> only.</summary>
public sealed record FittedDataMixing(IReadOnlyList<string> Domains, IReadOnlyList<DataMixingDomainFit> DomainFits, double Step) : IFittedLaw
{
    [JsonIgnore] public string Law => "dml";
    [JsonIgnore] public double? FixedStep => Step;
    [JsonIgnore] public IReadOnlyList<string> ParameterNames => DataMixingLaw.NamesFor(Domains);
    /// <summary>c, k and m − 1 free exponents per domain (Σ t = 0).</summary>
    [JsonIgnore] public int ParameterCount => DomainFits.Count * (Domains.Count + 1);
    [JsonIgnore] public int BootstrapResamples => DomainFits.Count == 0 ? 0 : DomainFits[0].Bootstrap.Count;

    [JsonIgnore]
    public IReadOnlyList<DomainParameters> Parameters => DomainFits.Select(d => new DomainParameters(
        d.Domain,
        Values(d.Law),
        d.Bootstrap.Count == 0 ? null : Enumerable.Range(0, Domains.Count + 2).Select(k => LawPredictions.IntervalOf(d.Bootstrap.Select(b => Values(b)[k]!.Value))).ToList(),
        d.Diagnostics,
        d.Diagnostics.Converged ? null : $"The optimizer did not converge ({d.Diagnostics.Message}); treat these parameters with caution.")).ToList();

    private static IReadOnlyList<double?> Values(DataMixingDomainLaw law) => [law.C, law.K, .. law.T.Select(t => (double?)t)];

    public double PredictDomain(int domain, LawPoint point)
    {
        RequireStep(point);
        return DomainFits[domain].Law.Predict(point.Mixture);
    }

    public MixturePrediction Predict(LawPoint point, IReadOnlyList<double>? weights = null)
    {
        RequireStep(point);
        var estimate = DomainFits.Select(d => d.Law.Predict(point.Mixture)).ToArray();
        var draws = Enumerable.Range(0, BootstrapResamples).Select(k => DomainFits.Select(d => d.Bootstrap[k].Predict(point.Mixture)).ToArray()).ToList();
        return LawPredictions.Combine(estimate, draws, weights);
    }

    private void RequireStep(LawPoint point)
    {
        if (Math.Abs(point.Step - Step) > 1e-9 * Step)
            throw new ArgumentOutOfRangeException("steps", point.Step, $"this dml fit describes step {Step} only (the step it was fitted at)");
    }
}
