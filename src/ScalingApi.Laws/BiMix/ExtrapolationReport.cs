namespace ScalingApi.Laws.BiMix;

/// <summary>A domain's proportion outside the proportions its law was fitted on.</summary>
/// <param name="Factor">proportion / observed minimum (&lt; 1) or proportion / observed maximum (&gt; 1).</param>
public sealed record ProportionExtrapolation(int Domain, double Proportion, double ObservedMin, double ObservedMax, double Factor);

/// <summary>How far a (mixture, step) question leaves the data a fit was made on.</summary>
/// <param name="StepsMultiple">step / the largest observed step over domains; null when the fit has no observed ranges (stored before they existed).</param>
public sealed record ExtrapolationReport(double? StepsMultiple, IReadOnlyList<ProportionExtrapolation> ProportionsOutside)
{
    /// <summary>Relative slack so a proportion equal to an observed one up to rounding (run mixtures sum to 1 within 1e-4) is inside.</summary>
    private const double Slack = 1e-6;

    public static ExtrapolationReport For(BiMixFit fit, IReadOnlyList<double> mixture, double step)
    {
        var observed = fit.DomainFits.Select(d => d.Observed).ToList();
        if (observed.Any(o => o is null)) return new ExtrapolationReport(null, []);
        var outside = new List<ProportionExtrapolation>();
        for (var i = 0; i < mixture.Count; i++)
        {
            var o = observed[i]!;
            if (mixture[i] < o.MinProportion * (1 - Slack))
                outside.Add(new(i, mixture[i], o.MinProportion, o.MaxProportion, mixture[i] / o.MinProportion));
            else if (mixture[i] > o.MaxProportion * (1 + Slack))
                outside.Add(new(i, mixture[i], o.MinProportion, o.MaxProportion, mixture[i] / o.MaxProportion));
        }
        return new ExtrapolationReport(step / observed.Max(o => o!.MaxStep), outside);
    }
}
