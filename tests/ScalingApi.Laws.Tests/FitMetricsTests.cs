using ScalingApi.Laws.Metrics;

namespace ScalingApi.Laws.Tests;

public class FitMetricsTests
{
    [Fact]
    public void RelativeError_is_absolute_error_over_actual()
    {
        Assert.Equal(0.05, FitMetrics.RelativeError(2.0, 2.1), 12);
        Assert.Equal(0.05, FitMetrics.RelativeError(2.0, 1.9), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => FitMetrics.RelativeError(0, 1));
    }

    [Fact]
    public void LogRSquared_matches_a_hand_computation()
    {
        // logs of actual: 0, ln2, ln4 → mean ln2·1 ; SS_tot = 2 (ln2)²
        // predicted = actual except the last is 4·e^0.1 → SS_res = 0.01
        double[] actual = [1, 2, 4];
        double[] predicted = [1, 2, 4 * Math.Exp(0.1)];
        var expected = 1 - 0.01 / (2 * Math.Log(2) * Math.Log(2));
        Assert.Equal(expected, FitMetrics.LogRSquared(actual, predicted), 12);
        Assert.Equal(1.0, FitMetrics.LogRSquared(actual, actual), 12);
    }

    [Fact]
    public void LogRSquared_is_undefined_for_constant_or_single_points()
    {
        Assert.Throws<ArgumentException>(() => FitMetrics.LogRSquared([2.0, 2.0], [2.0, 2.1]));
        Assert.Throws<ArgumentException>(() => FitMetrics.LogRSquared([2.0], [2.0]));
        Assert.Null(FitMetrics.TryLogRSquared([2.0], [2.0]));
    }
}
