namespace ScalingApi.Worker.Running;

/// <summary>What the <c>run</c> command was told (command line plus the API key from the environment).</summary>
public sealed record WorkerSettings(
    Uri ApiUrl,
    string? ApiKey,
    string SweepId,
    int? TaskIndex,
    string CheckpointRoot,
    string WorkerId,
    int? Threads = null,
    int? MaxRuns = null,
    int? SaveEvery = null,
    TimeSpan? StopGrace = null)
{
    public const string ApiKeyVariable = "SCALINGAPI_API_KEY";
    /// <summary>Set by the local executor so the service knows which of its children holds a lease.</summary>
    public const string WorkerIdVariable = "SCALINGAPI_WORKER_ID";

    /// <summary>How long a stop signal waits for the next checkpoint before training is cut off.</summary>
    public TimeSpan EffectiveStopGrace => StopGrace ?? TimeSpan.FromSeconds(20);

    public static string DefaultWorkerId() =>
        Environment.GetEnvironmentVariable(WorkerIdVariable) is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";
}
