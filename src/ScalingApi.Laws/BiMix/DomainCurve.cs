namespace ScalingApi.Laws.BiMix;

/// <summary>One point of a fitted curve: the law's loss and the bootstrap 95 % band at a step (calibrated as a prediction's interval is).</summary>
public readonly record struct CurvePoint(double Step, double Loss, double Lower, double Upper);

/// <summary>
/// A single domain's fitted loss along the step axis at a fixed proportion, for drawing. Unlike
/// <see cref="BiMixPredictor"/> it needs no full mixture, so a run that gave another domain no data
/// still gets this domain's curve.
/// </summary>
public static class DomainCurve
{
    /// <summary>The curve at <paramref name="count"/> log-spaced steps from <paramref name="first"/> to <paramref name="last"/>.</summary>
    /// <exception cref="AlphaUnavailableException">α is unknown and the proportion is not the one the domain was observed at.</exception>
    public static IReadOnlyList<CurvePoint> Along(BiMixFit fit, int domain, double proportion, double first, double last, int count = 60)
    {
        if (!(first > 0) || !(last >= first)) throw new ArgumentOutOfRangeException(nameof(first), "Steps must satisfy 0 < first ≤ last.");
        var law = fit.DomainFits[domain].Law;
        var calibration = SmallSampleCalibration.Factors(fit)?[domain] ?? 1;
        var points = new CurvePoint[count];
        for (var k = 0; k < count; k++)
        {
            var step = count == 1 ? first : first * Math.Pow(last / first, k / (double)(count - 1));
            var loss = law.Predict(proportion, step);
            if (fit.BootstrapLaws.Count == 0) { points[k] = new CurvePoint(step, loss, loss, loss); continue; }
            var draws = fit.BootstrapLaws.Select(laws => laws[domain].Predict(proportion, step)).ToArray();
            var band = SmallSampleCalibration.Widened(draws, calibration);
            points[k] = new CurvePoint(step, loss, band.Lower, band.Upper);
        }
        return points;
    }
}
