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

    /// <summary>How long after a stop signal training is cut off if it has not saved and stopped by itself (normally within one step).</summary>
    public TimeSpan EffectiveStopGrace => StopGrace ?? TimeSpan.FromSeconds(20);

    public static string DefaultWorkerId() =>
        Environment.GetEnvironmentVariable(WorkerIdVariable) is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";
}
