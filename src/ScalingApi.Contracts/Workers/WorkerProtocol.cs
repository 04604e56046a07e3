namespace ScalingApi.Contracts.Workers;

// The protocol between the service and a worker process (local child or Slurm array task).
// A worker claims a lease on one run of a sweep, heartbeats while training, posts observations
// through the ordinary observations endpoint (idempotent), then completes or fails the lease.

/// <summary>Ask for a run to train. <c>TaskIndex</c> pins the run (Slurm array tasks); null takes any pending run.</summary>
public sealed record LeaseRequest(string WorkerId, int? TaskIndex = null);

/// <summary>Where a domain's training text lives, resolved by the service to files the worker can read.</summary>
public sealed record LeaseDomain(string Name, double Proportion, IReadOnlyList<string> Files);

/// <summary>Model shape: a preset name, optionally overridden field by field.</summary>
public sealed record ProxyModelSpec(
    string Preset,
    int? Layers = null,
    int? Heads = null,
    int? ModelWidth = null,
    int? ContextLength = null,
    int? BatchSize = null);

/// <summary>Everything a worker needs to train one run; the same lease may be handed out again after its heartbeat expires.</summary>
/// <param name="Mode">Null for ordinary training; a DoReMi proxy or an embedding pass for mixture-method jobs.</param>
/// <param name="LearningRateSchedule">The schedule recorded on the run, which the worker trains with; null (runs recorded before sweeps
/// recorded schedules) trains with the trainer's default.</param>
public sealed record Lease(
    Guid LeaseId,
    long SweepId,
    long ExperimentId,
    long RunId,
    string RunName,
    int TaskIndex,
    int Attempt,
    string Tokenizer,
    IReadOnlyList<LeaseDomain> Domains,
    ProxyModelSpec Model,
    int Steps,
    IReadOnlyList<int> CheckpointSteps,
    int Seed,
    int HeartbeatSeconds,
    DateTimeOffset ExpiresAt,
    LeaseRunMode? Mode = null,
    LearningRateScheduleSpec? LearningRateSchedule = null);

/// <summary>Periodic progress. The answer tells the worker whether to go on.</summary>
public sealed record Heartbeat(int Step, double TokensPerSecond, double? TrainLoss, double DeviceSeconds, long Tokens);

public sealed record HeartbeatAnswer(bool Continue, DateTimeOffset ExpiresAt, string? Reason);

public sealed record LeaseCompletion(double DeviceSeconds, long Tokens);

public sealed record LeaseFailure(string Error, bool Retryable = true);
