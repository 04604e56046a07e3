namespace ScalingApi.Training.Trainer;

/// <summary>What a run reports while it trains. Step is the number of optimizer steps completed.</summary>
public abstract record TrainingEvent(int Step);

/// <summary>Mean training loss (nats/token) over the steps since the previous report, and throughput over them.</summary>
public sealed record ProgressReport(int Step, int TotalSteps, double TrainLoss, double TokensPerSecond, double LearningRate, long TokensSeen)
    : TrainingEvent(Step);

/// <summary>Validation loss per domain (nats/token) on the fixed held-out windows, after Step steps.</summary>
public sealed record EvaluationReport(int Step, long TokensSeen, IReadOnlyDictionary<string, double> DomainLoss)
    : TrainingEvent(Step);

/// <summary>DoReMi's domain weights after Step steps: α_t and the running average of α over steps 1…Step (the result so far).</summary>
public sealed record DomainWeightsReport(int Step, IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, double> Average)
    : TrainingEvent(Step);

public sealed record CheckpointSaved(int Step, string Path) : TrainingEvent(Step);

/// <summary>Training continued from a checkpoint; carries the evaluations recorded before it so callers can re-post them.</summary>
public sealed record ResumedFromCheckpoint(int Step, string Path, IReadOnlyList<EvaluationReport> EarlierEvaluations)
    : TrainingEvent(Step);

/// <summary>
/// Training returned before its last step because <see cref="ProxyTrainer.RequestCheckpointAndStop"/> was called;
/// Path is the checkpoint holding Step (null without a checkpoint directory).
/// </summary>
public sealed record StoppedOnRequest(int Step, string? Path) : TrainingEvent(Step);

/// <param name="StoppedEarly">True when a stop request ended training before options.Steps.</param>
/// <param name="DomainWeights">A DoReMi proxy's result: the average of α_t over the steps taken; null for ordinary runs.</param>
public sealed record TrainingResult(int Steps, long TokensSeen, long ParameterCount, IReadOnlyList<EvaluationReport> Evaluations, double TrainSeconds,
    bool StoppedEarly = false, IReadOnlyDictionary<string, double>? DomainWeights = null)
{
    /// <summary>Training FLOPs estimate 6·N·D (forward + backward), not counting evaluation.</summary>
    public double EstimatedTrainingFlops => 6.0 * ParameterCount * TokensSeen;
}
