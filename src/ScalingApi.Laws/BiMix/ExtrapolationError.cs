using MathNet.Numerics.Distributions;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// The law's own misfit when it extrapolates in steps, measured on held-out checkpoints: refit without each run's
/// last quarter of step levels, predict them, and compare the error of each run's mean held-out log loss with what
/// noise (σ²/n) and parameter uncertainty (the bootstrap spread of the same truncated refits) explain. When the
/// errors exceed that (χ² test at 5 %), the excess variance, per unit of squared log step ratio, is the model error:
/// at a step s beyond the last observed one, log-loss sd = <see cref="PerLogStep"/> · ln(s / last observed step).
/// A law that fits (as on synthetic data from the law itself) passes the test and gets no extra width.
/// </summary>
/// <param name="PerLogStep">Model-error sd of ln L per unit of ln(step ratio); 0 when the held-out errors are explained.</param>
/// <param name="LastObservedStep">The largest step the law was fitted on.</param>
/// <param name="Statistic">Σ_r ē_r² / (v_r + σ²/n_r) over held-out runs r.</param>
/// <param name="Critical">The χ² 95 % quantile with one degree of freedom per held-out run.</param>
/// <param name="HeldOutRuns">Runs with held-out checkpoints.</param>
public sealed record ExtrapolationError(double PerLogStep, double LastObservedStep, double Statistic, double Critical, int HeldOutRuns)
{
    /// <summary>Model-error sd of ln L at <paramref name="step"/>: 0 within the observed steps.</summary>
    public double LogSd(double step) => PerLogStep * Math.Max(0, Math.Log(step / LastObservedStep));
}

/// <summary>The held-out split behind <see cref="ExtrapolationError"/> for one domain.</summary>
internal sealed class HeldOutCheckpoints
{
    /// <summary>1 for points kept in the truncated fit, 0 for held-out ones.</summary>
    public required double[] TrainMask { get; init; }
    /// <summary>Per held-out run, its held-out points.</summary>
    public required int[][] HeldOutPoints { get; init; }
    public required double CutLogStep { get; init; }

    /// <summary>Null with fewer than 4 step levels (the truncated fit needs 3).</summary>
    public static HeldOutCheckpoints? Of(DomainSeries series)
    {
        var levels = series.StepLevels.Length;
        if (levels < 4) return null;
        var firstHeldOut = levels - Math.Max(1, levels / 4);
        var mask = series.StepLevel.Select(level => level < firstHeldOut ? 1.0 : 0.0).ToArray();
        var heldOut = Enumerable.Range(0, series.Count).Where(j => mask[j] == 0)
            .GroupBy(j => series.Run[j]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        return new HeldOutCheckpoints { TrainMask = mask, HeldOutPoints = heldOut, CutLogStep = series.StepLevels[firstHeldOut - 1] };
    }

    /// <summary>Training weights of a resample: its weights (null = 1) with held-out points zeroed.</summary>
    public double[] TrainWeights(double[]? weights) =>
        TrainMask.Select((m, j) => m * (weights is null ? 1.0 : weights[j])).ToArray();

    /// <summary>Per held-out run, the mean of <paramref name="logValues"/> over its held-out points.</summary>
    public double[] RunMeans(double[] logValues) =>
        HeldOutPoints.Select(points => points.Average(j => logValues[j])).ToArray();

    /// <param name="truncatedPrediction">Per held-out run, the truncated point fit's mean held-out ln ŷ.</param>
    /// <param name="resampledPredictions">The same for each bootstrap resample's truncated refit.</param>
    /// <param name="noiseVariance">σ² of the full fit's log residuals (per point).</param>
    public ExtrapolationError Estimate(DomainSeries series, double[] truncatedPrediction, IReadOnlyList<double[]> resampledPredictions, double noiseVariance)
    {
        var observed = RunMeans(series.LogLoss);
        var test = HeldOutTest.Of(
            HeldOutPoints.Select((_, r) => observed[r] - truncatedPrediction[r]).ToArray(),
            HeldOutPoints.Select((points, r) => HeldOutTest.Variance(resampledPredictions.Select(p => p[r])) + noiseVariance / points.Length).ToArray(),
            HeldOutPoints.Select(points =>
            {
                var logRatio = points.Average(j => series.LogStep[j] - CutLogStep);
                return logRatio * logRatio;
            }).ToArray());
        return new ExtrapolationError(test.PerUnit, Math.Exp(series.StepLevels[^1]), test.Statistic, test.Critical, HeldOutPoints.Length);
    }
}

/// <summary>
/// The χ² test behind the held-out checks (<see cref="ExtrapolationError"/>, <see cref="ProportionExtrapolationError"/>):
/// standardized held-out errors Σ e²/v against the 95 % quantile with one degree of freedom per held-out group; when they
/// exceed it, the excess variance Σ (e² − v) per unit of Σ leverage (squared log distance) is the model error's variance rate.
/// </summary>
internal readonly record struct HeldOutTest(double PerUnit, double Statistic, double Critical)
{
    private const double Significance = 0.95;

    /// <param name="errors">Per held-out group: observed − predicted mean log loss.</param>
    /// <param name="explained">Per group: the variance noise and parameter uncertainty explain.</param>
    /// <param name="leverage">Per group: its squared log distance from the data it was predicted from.</param>
    public static HeldOutTest Of(double[] errors, double[] explained, double[] leverage)
    {
        double statistic = 0, excess = 0;
        for (var r = 0; r < errors.Length; r++)
        {
            statistic += explained[r] > 0 ? errors[r] * errors[r] / explained[r] : 0;
            excess += errors[r] * errors[r] - explained[r];
        }
        var critical = ChiSquared.InvCDF(errors.Length, Significance);
        var totalLeverage = leverage.Sum();
        return new HeldOutTest(statistic > critical && excess > 0 && totalLeverage > 0 ? Math.Sqrt(excess / totalLeverage) : 0, statistic, critical);
    }

    /// <summary>Sample variance (n − 1); 0 with fewer than two values.</summary>
    public static double Variance(IEnumerable<double> values)
    {
        var list = values as IReadOnlyList<double> ?? values.ToList();
        if (list.Count < 2) return 0;
        var mean = list.Average();
        return list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1);
    }
}
