
namespace ScalingApi.Laws.BiMix;

/// <param name="IntervalMethod">What produced [Lower, Upper]: the fit's bootstrap, with <c>+t-calibrated</c> when a parametric bootstrap's
/// interval was widened for its estimated noise level and finite resamples (<see cref="SmallSampleCalibration"/>), <c>+model-error</c> when the law's
/// extrapolation error in steps widened it and <c>+proportion-error</c> when its extrapolation error in proportion did;
/// null without a bootstrap (Lower = Upper = Loss).</param>
public sealed record PredictedLoss(double Loss, double Lower, double Upper, string? IntervalMethod = null);

public sealed record MixturePrediction(IReadOnlyList<PredictedLoss> Domains, PredictedLoss Average);

public static class BiMixPredictor
{
    /// <summary>
    /// Per-domain losses at a mixture and step with bootstrap percentile intervals (2.5 %, 97.5 %), and
    /// the weighted average (weights default to 1/m, otherwise normalised to sum 1). The average's
    /// interval comes from the average over each bootstrap draw, so correlations are kept.
    /// Beyond the last observed step each draw also carries the law's extrapolation error (<see cref="ExtrapolationError"/>),
    /// and at a share outside a domain's observed proportions its extrapolation error in proportion (<see cref="ProportionExtrapolationError"/>).
    /// Without a bootstrap, lower = upper = loss. Throws <see cref="AlphaUnavailableException"/>
    /// when a domain's α is unknown and the mixture is not the one it was observed at.
    /// </summary>
    public static MixturePrediction Predict(BiMixFit fit, IReadOnlyList<double> mixture, double step, IReadOnlyList<double>? weights = null)
    {
        var m = fit.Domains.Count;
        if (mixture.Count != m)
            throw new ArgumentException($"The mixture has {mixture.Count} proportions for {m} domains.", nameof(mixture));
        var w = NormalizedWeights(weights, m);

        var point = fit.DomainFits.Select((d, i) => d.Law.Predict(mixture[i], step)).ToArray();
        var average = point.Select((loss, i) => w[i] * loss).Sum();
        if (fit.BootstrapLaws.Count == 0)
            return new MixturePrediction(point.Select(l => new PredictedLoss(l, l, l)).ToList(), new PredictedLoss(average, average, average));

        // The law's own extrapolation error: one standard-normal shock per resample, shared by every domain (a misfit in
        // steps is systematic, so it is not averaged away across domains), scaled per domain by its sd at this step.
        var modelSd = fit.DomainFits.Select(d => d.ExtrapolationError?.LogSd(step) ?? 0).ToArray();
        // In proportion the misfit is a domain's own (its α), so each domain draws its own shocks.
        var proportionSd = fit.DomainFits.Select((d, i) => d.ProportionError?.LogSd(mixture[i]) ?? 0).ToArray();
        var table = BootstrapLawTable.Of(fit);
        var resamples = table.Resamples;
        var method = fit.EffectiveIntervalMethod;
        // Parametric-bootstrap intervals are widened for their estimated noise level and finite resamples; the average's by
        // its least-determined weighted domain.
        var calibration = SmallSampleCalibration.Factors(fit);
        var domains = new PredictedLoss[m];
        var averages = new double[resamples];
        var draws = new double[resamples];
        for (var i = 0; i < m; i++)
        {
            var laws = table.LawsByDomain[i];
            var proportionShocks = table.ProportionShocks[i];
            for (var k = 0; k < resamples; k++)
            {
                draws[k] = laws[k].Predict(mixture[i], step) * Math.Exp(modelSd[i] * table.Shocks[k] + proportionSd[i] * proportionShocks[k]);
                averages[k] += w[i] * draws[k]; // domain by domain: each resample's sum in the same order as a per-resample loop
            }
            domains[i] = WithInterval(point[i], draws, calibration?[i] ?? 1, MethodName(method, calibration is not null, modelSd[i] > 0, proportionSd[i] > 0));
        }
        var weighted = Enumerable.Range(0, m).Where(i => w[i] > 0).ToList();
        var averageMethod = MethodName(method, calibration is not null, weighted.Any(i => modelSd[i] > 0), weighted.Any(i => proportionSd[i] > 0));
        return new MixturePrediction(domains, WithInterval(average, averages, calibration is null ? 1 : weighted.Max(i => calibration[i]), averageMethod));
    }

    private static string? MethodName(string? method, bool calibrated, bool stepError, bool proportionError) =>
        method + (calibrated ? IntervalMethods.SmallSampleSuffix : "") + (stepError ? IntervalMethods.ModelErrorSuffix : "")
        + (proportionError ? IntervalMethods.ProportionErrorSuffix : "");

    /// <summary>Standard-normal model-error shocks per resample, from the fit's seed (so a stored fit answers the same way every time).</summary>
    internal static double[] ModelErrorShocks(int seed, int count)
    {
        var random = new Random(unchecked(seed * 31 + 17));
        return Enumerable.Range(0, count).Select(_ => BiMixSimulator.StandardNormal(random)).ToArray();
    }

    /// <summary>Per domain, standard-normal proportion-error shocks per resample, from the fit's seed (a stream of their own).</summary>
    internal static double[][] ProportionErrorShocks(int seed, int domains, int count)
    {
        var random = new Random(unchecked(seed * 31 + 19));
        return Enumerable.Range(0, domains).Select(_ => Enumerable.Range(0, count).Select(_ => BiMixSimulator.StandardNormal(random)).ToArray()).ToArray();
    }

    internal static double[] NormalizedWeights(IReadOnlyList<double>? weights, int m)
    {
        if (weights is null) return Enumerable.Repeat(1.0 / m, m).ToArray();
        if (weights.Count != m)
            throw new ArgumentException($"{weights.Count} weights for {m} domains.", nameof(weights));
        if (weights.Any(x => !double.IsFinite(x) || x < 0) || !(weights.Sum() > 0))
            throw new ArgumentException("Weights must be finite, ≥ 0 and not all zero.", nameof(weights));
        var sum = weights.Sum();
        return weights.Select(x => x / sum).ToArray();
    }

    /// <summary>The loss with the central 95 % interval of its draws, widened by <paramref name="factor"/>; sorts <paramref name="draws"/> in place.</summary>
    private static PredictedLoss WithInterval(double loss, double[] draws, double factor, string? method)
    {
        var interval = SmallSampleCalibration.Widened(draws, factor);
        return new PredictedLoss(loss, interval.Lower, interval.Upper, method);
    }
}
