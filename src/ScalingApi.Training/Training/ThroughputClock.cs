using System.Diagnostics;

namespace ScalingApi.Training.Training;

/// <summary>Times training steps only (not evaluation or checkpointing) and turns intervals into tokens/s.</summary>
internal sealed class ThroughputClock
{
    private readonly Stopwatch interval = new();
    private int stepsInInterval;
    private double totalSeconds;

    public double TotalSeconds => totalSeconds + interval.Elapsed.TotalSeconds;

    public IDisposable Measure()
    {
        interval.Start();
        return new Stop(this);
    }

    /// <summary>Steps and tokens/s since the previous call.</summary>
    public (int Steps, double TokensPerSecond) TakeInterval(long tokensPerStep)
    {
        var seconds = interval.Elapsed.TotalSeconds;
        var result = (stepsInInterval, seconds > 0 ? stepsInInterval * tokensPerStep / seconds : 0);
        totalSeconds += seconds;
        interval.Reset();
        stepsInInterval = 0;
        return result;
    }

    private sealed class Stop(ThroughputClock clock) : IDisposable
    {
        public void Dispose()
        {
            clock.interval.Stop();
            clock.stepsInInterval++;
        }
    }
}
