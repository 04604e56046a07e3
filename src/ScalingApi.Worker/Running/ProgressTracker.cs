using System.Diagnostics;
using ScalingApi.Contracts.Workers;
using ScalingApi.Training.Training;

namespace ScalingApi.Worker.Running;

/// <summary>
/// The latest training progress, written by the event loop and read by the heartbeat loop. Device-seconds
/// and tokens count this attempt only (wall-clock since training started × one device, and tokens trained
/// since the resume step), so the service can add attempts up into the compute spent.
/// </summary>
public sealed class ProgressTracker
{
    private readonly object gate = new();
    private readonly Stopwatch clock = new();
    private int step;
    private int resumedFromStep;
    private double tokensPerSecond;
    private double? trainLoss;
    private long tokensAtResume;
    private long tokensSeen;
    private double trainingStepSeconds;

    public void TrainingStarted() { lock (gate) clock.Start(); }

    public void Resumed(int fromStep, long tokensPerStep)
    {
        lock (gate) { step = resumedFromStep = fromStep; tokensSeen = tokensAtResume = fromStep * tokensPerStep; }
    }

    public void Report(ProgressReport report)
    {
        lock (gate)
        {
            // the report's rate covers the steps since the previous report (evaluation and saving excluded)
            if (report.TokensPerSecond > 0) trainingStepSeconds += (report.TokensSeen - tokensSeen) / report.TokensPerSecond;
            step = report.Step;
            tokensPerSecond = report.TokensPerSecond;
            trainLoss = double.IsFinite(report.TrainLoss) ? report.TrainLoss : null;
            tokensSeen = report.TokensSeen;
        }
    }

    /// <summary>Time spent in training steps this attempt, from the trainer's own step clock.</summary>
    public double TrainingStepSeconds { get { lock (gate) return trainingStepSeconds; } }

    public int ResumedFromStep { get { lock (gate) return resumedFromStep; } }

    public Heartbeat Snapshot()
    {
        lock (gate) return new Heartbeat(step, tokensPerSecond, trainLoss, clock.Elapsed.TotalSeconds, tokensSeen - tokensAtResume);
    }

    public LeaseCompletion Completion()
    {
        lock (gate) return new LeaseCompletion(clock.Elapsed.TotalSeconds, tokensSeen - tokensAtResume);
    }
}
