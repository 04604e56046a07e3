namespace ScalingApi.Laws.Metrics;

public static class FitMetrics
{
    /// <summary>|y − ŷ| / y, the BiMix paper's extrapolation metric.</summary>
    public static double RelativeError(double actual, double predicted)
    {
        if (!(actual > 0) || !double.IsFinite(actual))
            throw new ArgumentOutOfRangeException(nameof(actual), actual, "The actual loss must be finite and > 0.");
        return Math.Abs(actual - predicted) / actual;
    }

    /// <summary>Coefficient of determination of log(predicted) against log(actual).</summary>
    /// <exception cref="ArgumentException">fewer than 2 points, mismatched lengths, or constant actual values (R² undefined).</exception>
    public static double LogRSquared(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        TryLogRSquared(actual, predicted)
        ?? throw new ArgumentException("R² is undefined: it needs at least 2 points whose actual losses are not all equal.", nameof(actual));

    /// <summary><see cref="LogRSquared"/>, or null when R² is undefined (fewer than 2 points or no variance).</summary>
    public static double? TryLogRSquared(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"{actual.Count} actual values but {predicted.Count} predictions.", nameof(predicted));
        if (actual.Concat(predicted).Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("Losses must be finite and > 0 to take logarithms.", nameof(actual));
        if (actual.Count < 2) return null;
        var logActual = actual.Select(v => Math.Log(v)).ToArray();
        var mean = logActual.Average();
        double total = 0, residual = 0;
        for (var j = 0; j < logActual.Length; j++)
        {
            total += (logActual[j] - mean) * (logActual[j] - mean);
            var e = logActual[j] - Math.Log(predicted[j]);
            residual += e * e;
        }
        return total > 0 ? 1 - residual / total : null;
    }
}
