namespace ScalingApi.Storage.Sweeps;

/// <summary>Lifecycle states shared by sweeps and their runs, spelled as stored and as the API shows them.</summary>
public static class SweepStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Leased = "leased";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Completed or Failed or Cancelled;
}

public sealed record SweepRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Name { get; init; } = "";
    public string Status { get; init; } = SweepStatus.Pending;
    public string Executor { get; init; } = "";
    public string Tokenizer { get; init; } = "";
    public string ModelJson { get; init; } = "";
    public long Parameters { get; init; }
    public long TokensPerStep { get; init; }
    public long Steps { get; init; }
    /// <summary>Comma-separated ascending steps.</summary>
    public string CheckpointSteps { get; init; } = "";
    public long Seed { get; init; }
    public string RequestJson { get; init; } = "";
    public string? BatchScript { get; init; }
    public string? ExternalJobId { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? FinishedAt { get; init; }
    /// <summary>LeaseRunMode JSON every lease of the sweep carries; null for ordinary training.</summary>
    public string? RunModeJson { get; init; }

    public IReadOnlyList<int> CheckpointStepList =>
        CheckpointSteps.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
}

public sealed record SweepRunRow
{
    public long Id { get; init; }
    public long SweepId { get; init; }
    public long RunId { get; init; }
    public string RunName { get; init; } = "";
    public long TaskIndex { get; init; }
    public string Status { get; init; } = SweepStatus.Pending;
    public long Attempts { get; init; }
    public string? LeaseId { get; init; }
    public string? WorkerId { get; init; }
    public string? LeaseExpiresAt { get; init; }
    public long Step { get; init; }
    public double? TokensPerSecond { get; init; }
    public double? TrainLoss { get; init; }
    /// <summary>The current attempt's last report.</summary>
    public double DeviceSeconds { get; init; }
    public long Tokens { get; init; }
    /// <summary>Earlier attempts' compute (kept when a lease ends, so retries count toward compute spent).</summary>
    public double SpentDeviceSeconds { get; init; }
    public long SpentTokens { get; init; }
    public string? LastError { get; init; }
    public string? ProgressEventAt { get; init; }
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public string? ExternalState { get; init; }
    public string? ExternalReason { get; init; }
    /// <summary>The run's own training seed; null trains with the sweep's.</summary>
    public long? Seed { get; init; }

    public double TotalDeviceSeconds => SpentDeviceSeconds + DeviceSeconds;
    public long TotalTokens => SpentTokens + Tokens;
}

public sealed record SweepEventRow
{
    public long Id { get; init; }
    public long SweepId { get; init; }
    public string Type { get; init; } = "";
    public string DataJson { get; init; } = "{}";
    public string CreatedAt { get; init; } = "";
}

/// <summary>A new sweep as the creation request resolved it.</summary>
public sealed record NewSweep(
    long ExperimentId, string Name, string Executor, string Tokenizer, string ModelJson, long Parameters, long TokensPerStep,
    int Steps, IReadOnlyList<int> CheckpointSteps, int Seed, string RequestJson, string? RunModeJson = null);
