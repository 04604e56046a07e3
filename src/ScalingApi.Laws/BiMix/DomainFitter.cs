using ScalingApi.Laws.Metrics;

namespace ScalingApi.Laws.BiMix;

/// <summary>A single domain's fitted parameters with how the optimizer finished.</summary>
internal sealed record DomainEstimate(double[] Theta, LmResult Optimizer);

/// <summary>Fits one domain: grid starts, then LM from each, keeping the best converged optimum.</summary>
internal static class DomainFitter
{
    private const int Starts = 4;

    public static DomainEstimate FitFromGrid(LogSpaceObjective objective)
    {
        LmResult? best = null;
        foreach (var start in StartingGrid.BestStarts(objective, Starts))
        {
            var result = LevenbergMarquardt.Minimize(objective, start, null);
            if (best is null || IsBetter(result, best)) best = result;
        }
        if (best is null)
            throw new InsufficientDataException($"Domain '{objective.Series.Domain}': the objective is not finite anywhere on the starting grid.");
        return new DomainEstimate(best.Theta, best);
    }

    /// <summary>Bootstrap refit: warm-started at the full-data optimum, which is close to every resample's.</summary>
    public static DomainEstimate Refit(LogSpaceObjective objective, double[] start, double[]? weights)
    {
        var result = LevenbergMarquardt.Minimize(objective, start, weights);
        return new DomainEstimate(result.Theta, result);
    }

    // A converged optimum beats an unconverged one; otherwise the lower objective wins.
    private static bool IsBetter(LmResult candidate, LmResult incumbent) =>
        candidate.Converged != incumbent.Converged ? candidate.Converged : candidate.Value < incumbent.Value;

    public static DomainLaw ToLaw(double[] theta, DomainSeries series, bool withAlpha) => new(
        A: 1.0,
        B: Math.Exp(theta[0]),
        C: Math.Exp(theta[1]),
        Alpha: withAlpha ? Math.Exp(theta[3]) : null,
        Beta: Math.Exp(theta[2]))
    {
        Domain = series.Domain,
        ObservedProportion = withAlpha ? null : Math.Exp(series.LogProportion[0]),
    };

    public static FitDiagnostics Diagnose(DomainEstimate estimate, DomainSeries series, DomainLaw law)
    {
        var actual = new double[series.Count];
        var predicted = new double[series.Count];
        for (var j = 0; j < series.Count; j++)
        {
            actual[j] = Math.Exp(series.LogLoss[j]);
            predicted[j] = law.Predict(Math.Exp(series.LogProportion[j]), Math.Exp(series.LogStep[j]));
        }
        var relativeError = actual.Zip(predicted, FitMetrics.RelativeError).Average();
        // Undefined only if every fitted loss is identical; 0 then (no variance explained) keeps it JSON-safe, unlike NaN.
        var logR2 = FitMetrics.TryLogRSquared(actual, predicted) ?? 0;
        var lm = estimate.Optimizer;
        return new FitDiagnostics(lm.Converged, lm.Iterations, lm.Value, lm.GradientNorm, series.Count,
            relativeError, logR2, lm.Message);
    }
}
