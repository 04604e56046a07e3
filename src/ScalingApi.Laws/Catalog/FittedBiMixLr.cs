using System.Text.Json.Serialization;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Catalog;

/// <summary>One domain's schedule-aware BiMix parameters; α is null where the domain was seen at one proportion only.</summary>
public sealed record BiMixLrParameters(double B, double C, double D, double? Alpha, double Beta)
{
    public double Predict(double proportion, AnnealingArea area) =>
        Math.Pow(proportion, -(Alpha ?? 0)) * (B * Math.Pow(area.S1, -Beta) + C - D * area.S2);

    internal static BiMixLrParameters From(double[] theta, bool withAlpha) =>
        new(Math.Exp(theta[0]), Math.Exp(theta[1]), Math.Exp(theta[2]), withAlpha ? theta[3] : null, theta[4]);
}

public sealed record BiMixLrDomainFit(string Domain, BiMixLrParameters Law, IReadOnlyList<BiMixLrParameters> Bootstrap, FitDiagnostics Diagnostics);

/// <summary>
/// A fitted <c>bimix-lr</c> law. A point is predicted at its own schedule (<see cref="LawPoint.Schedule"/>); without
/// one, at <see cref="ReferenceSchedule"/> (the longest fitted run's) stretched to the point's step, i.e. "a run
/// like the proxies, trained for that many steps".
/// </summary>
public sealed record FittedBiMixLr(IReadOnlyList<string> Domains, IReadOnlyList<BiMixLrDomainFit> DomainFits, LrSchedule ReferenceSchedule) : IFittedLaw
{
    [JsonIgnore] public string Law => BiMixLrLaw.NameOf(Term);
    /// <summary>λ of the annealing momentum the law was fitted with (predictions use the same).</summary>
    public double AnnealingDecay { get; init; } = AnnealingArea.Decay;
    /// <summary>How the decay is credited: Tissue's S2 (<c>bimix-lr</c>, and every model stored before the variant) or the bound's noise term.</summary>
    public AnnealingTerm Term { get; init; } = AnnealingTerm.Tissue;
    [JsonIgnore] public int ParameterCount => DomainFits.Sum(d => d.Law.Alpha is null ? 4 : 5);
    [JsonIgnore] public int BootstrapResamples => DomainFits.Count == 0 ? 0 : DomainFits[0].Bootstrap.Count;

    [JsonIgnore]
    public IReadOnlyList<DomainParameters> Parameters => DomainFits.Select(d => new DomainParameters(
        d.Domain,
        Values(d.Law),
        d.Bootstrap.Count == 0 ? null : Enumerable.Range(0, 5).Select(k => k == 3 && d.Law.Alpha is null
            ? null
            : LawPredictions.IntervalOf(d.Bootstrap.Select(b => Values(b)[k]!.Value))).ToList(),
        d.Diagnostics,
        d.Law.Alpha is null ? "alpha is not identifiable: the domain was observed at one proportion only." : null)).ToList();

    private static IReadOnlyList<double?> Values(BiMixLrParameters p) => [p.B, p.C, p.D, p.Alpha, p.Beta];

    /// <summary>The schedule a point is predicted at: its own, else the reference stretched to its step.</summary>
    public LrSchedule ScheduleFor(LawPoint point) =>
        point.Schedule ?? ReferenceSchedule.StretchedTo(Math.Max(1, (int)Math.Ceiling(point.Step)));

    public double PredictDomain(int domain, LawPoint point) =>
        DomainFits[domain].Law.Predict(point.Mixture[domain], Term.At(ScheduleFor(point), point.Step, AnnealingDecay));

    public MixturePrediction Predict(LawPoint point, IReadOnlyList<double>? weights = null)
    {
        var area = Term.At(ScheduleFor(point), point.Step, AnnealingDecay);
        var estimate = DomainFits.Select((d, i) => d.Law.Predict(point.Mixture[i], area)).ToArray();
        var draws = Enumerable.Range(0, BootstrapResamples)
            .Select(k => DomainFits.Select((d, i) => d.Bootstrap[k].Predict(point.Mixture[i], area)).ToArray()).ToList();
        return LawPredictions.Combine(estimate, draws, weights);
    }
}
