using System.Diagnostics;

namespace ScalingApi.Benchmarks;

internal static class Timing
{
    /// <summary>Median wall time in seconds of <paramref name="repetitions"/> runs, after one untimed warm-up (JIT).</summary>
    public static double MedianSeconds(int repetitions, Action action)
    {
        action();
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
}
