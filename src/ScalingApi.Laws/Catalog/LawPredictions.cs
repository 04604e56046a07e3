using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Statistics;

namespace ScalingApi.Laws.Catalog;

/// <summary>Turns per-domain point predictions and their bootstrap draws into a <see cref="MixturePrediction"/>.</summary>
public static class LawPredictions
{
    /// <param name="point">Per-domain losses of the fitted parameters.</param>
    /// <param name="draws">Per bootstrap resample, the per-domain losses (empty = no intervals).</param>
    /// <param name="weights">Relative domain weights of the average (null = equal).</param>
    public static MixturePrediction Combine(double[] point, IReadOnlyList<double[]> draws, IReadOnlyList<double>? weights)
    {
        var m = point.Length;
        var w = BiMixPredictor.NormalizedWeights(weights, m);
        double Average(double[] losses) => losses.Select((loss, i) => w[i] * loss).Sum();
        if (draws.Count == 0)
            return new MixturePrediction(point.Select(l => new PredictedLoss(l, l, l)).ToList(), Exact(Average(point)));
        return new MixturePrediction(
            Enumerable.Range(0, m).Select(i => WithInterval(point[i], draws.Select(d => d[i]))).ToList(),
            WithInterval(Average(point), draws.Select(Average)));
    }

    public static PredictedLoss WithInterval(double value, IEnumerable<double> draws)
    {
        var values = draws.ToArray();
        return values.Length == 0
            ? Exact(value)
            : new PredictedLoss(value, Percentile.Of(values, Percentile.Lower), Percentile.Of(values, Percentile.Upper));
    }

    private static PredictedLoss Exact(double value) => new(value, value, value);

    /// <summary>Percentile interval of one quantity over bootstrap draws; null without draws.</summary>
    public static Interval? IntervalOf(IEnumerable<double> draws)
    {
        var values = draws.ToArray();
        return values.Length == 0 ? null : new Interval(Percentile.Of(values, Percentile.Lower), Percentile.Of(values, Percentile.Upper));
    }
}
