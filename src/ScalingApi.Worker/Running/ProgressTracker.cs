using System.Diagnostics;
using ScalingApi.Contracts.Workers;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Worker.Running;

/// <summary>
/// The latest training progress, written by the event loop and read by the heartbeat loop. Device-seconds
/// and tokens count this attempt only (wall-clock since training started × one device, and tokens trained
/// since the resume step), so the service can add attempts up into the compute spent.
/// </summary>
public sealed class ProgressTracker
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = new();
    private int _step;
    private int _resumedFromStep;
    private double _tokensPerSecond;
    private double? _trainLoss;
    private long _tokensAtResume;
    private long _tokensSeen;
    private double _trainingStepSeconds;

    public void TrainingStarted() { lock (_gate) _clock.Start(); }

    public void Resumed(int fromStep, long tokensPerStep)
    {
        lock (_gate) { _step = _resumedFromStep = fromStep; _tokensSeen = _tokensAtResume = fromStep * tokensPerStep; }
    }

    public void Report(ProgressReport report)
    {
        lock (_gate)
        {
            // the report's rate covers the steps since the previous report (evaluation and saving excluded)
            if (report.TokensPerSecond > 0) _trainingStepSeconds += (report.TokensSeen - _tokensSeen) / report.TokensPerSecond;
            _step = report.Step;
            _tokensPerSecond = report.TokensPerSecond;
            _trainLoss = double.IsFinite(report.TrainLoss) ? report.TrainLoss : null;
            _tokensSeen = report.TokensSeen;
        }
    }

    /// <summary>Time spent in training steps this attempt, from the trainer's own step clock.</summary>
    public double TrainingStepSeconds { get { lock (_gate) return _trainingStepSeconds; } }

    public int ResumedFromStep { get { lock (_gate) return _resumedFromStep; } }

    public Heartbeat Snapshot()
    {
        lock (_gate) return new Heartbeat(_step, _tokensPerSecond, _trainLoss, _clock.Elapsed.TotalSeconds, _tokensSeen - _tokensAtResume);
    }

    public LeaseCompletion Completion()
    {
        lock (_gate) return new LeaseCompletion(_clock.Elapsed.TotalSeconds, _tokensSeen - _tokensAtResume);
    }
}
