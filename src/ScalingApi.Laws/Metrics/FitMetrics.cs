namespace ScalingApi.Laws.Metrics;

public static class FitMetrics
{
    public static double RelativeError(double actual, double predicted) => throw new NotImplementedException();

    /// <summary>Coefficient of determination of log(predicted) against log(actual).</summary>
    public static double LogRSquared(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) => throw new NotImplementedException();
}
