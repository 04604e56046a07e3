using System.Diagnostics;

namespace ScalingApi.Training.Trainer;

/// <summary>Times training steps only (not evaluation or checkpointing) and turns intervals into tokens/s.</summary>
internal sealed class ThroughputClock
{
    private readonly Stopwatch _interval = new();
    private int _stepsInInterval;
    private double _totalSeconds;

    public double TotalSeconds => _totalSeconds + _interval.Elapsed.TotalSeconds;

    public IDisposable Measure()
    {
        _interval.Start();
        return new Stop(this);
    }

    /// <summary>Steps and tokens/s since the previous call.</summary>
    public (int Steps, double TokensPerSecond) TakeInterval(long tokensPerStep)
    {
        var seconds = _interval.Elapsed.TotalSeconds;
        var result = (_stepsInInterval, seconds > 0 ? _stepsInInterval * tokensPerStep / seconds : 0);
        _totalSeconds += seconds;
        _interval.Reset();
        _stepsInInterval = 0;
        return result;
    }

    private sealed class Stop(ThroughputClock clock) : IDisposable
    {
        public void Dispose()
        {
            clock._interval.Stop();
            clock._stepsInInterval++;
        }
    }
}
