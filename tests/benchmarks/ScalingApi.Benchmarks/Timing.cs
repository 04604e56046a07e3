using System.Diagnostics;

namespace ScalingApi.Benchmarks;

internal static class Timing
{
    /// <summary>Median wall time in seconds of <paramref name="repetitions"/> runs, after untimed warm-up runs (JIT tiering).</summary>
    public static double MedianSeconds(int repetitions, Action action)
    {
        for (var k = 0; k < Math.Min(repetitions, 5); k++) action();
        var seconds = new double[repetitions];
        for (var k = 0; k < repetitions; k++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            seconds[k] = stopwatch.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return repetitions % 2 == 1 ? seconds[repetitions / 2] : (seconds[repetitions / 2 - 1] + seconds[repetitions / 2]) / 2;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
