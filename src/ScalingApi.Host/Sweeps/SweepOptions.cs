namespace ScalingApi.Host.Sweeps;

/// <summary>Bound from the <c>Sweeps</c> configuration section.</summary>
public sealed class SweepOptions
{
    public const string Section = "Sweeps";

    /// <summary>Executor used when a sweep request names none: <c>local</c> or <c>slurm</c>.</summary>
    public string DefaultExecutor { get; set; } = "local";

    /// <summary>Attempts per run (first try included) before it is marked failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A lease lapses when no heartbeat arrives for this long.</summary>
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often workers are asked to heartbeat (well inside <see cref="LeaseSeconds"/>).</summary>
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>How often the lease reaper looks for lapsed leases.</summary>
    public double ReaperIntervalSeconds { get; set; } = 5;

    /// <summary>At most one progress event per run per this many seconds (state changes are always recorded).</summary>
    public double ProgressEventSeconds { get; set; } = 5;

    /// <summary>Upper bound on the runs one sweep may create.</summary>
    public int MaxRuns { get; set; } = 1000;

    /// <summary>Base URL workers use to reach this service; default: the server's first bound address.</summary>
    public string? ApiUrl { get; set; }

    /// <summary>Where workers keep resumable checkpoints; default <c>checkpoints</c> in the data directory.</summary>
    public string? CheckpointDirectory { get; set; }

    public LocalExecutorOptions Local { get; set; } = new();
}

/// <summary>Bound from <c>Sweeps:Local</c>: how the local executor starts worker processes.</summary>
public sealed class LocalExecutorOptions
{
    /// <summary>Concurrent worker processes (default 1: one CPU training saturates this machine).</summary>
    public int MaxWorkers { get; set; } = 1;

    /// <summary>Program to start; default <c>dotnet</c> with the built <c>scalingapi-worker.dll</c> as first argument.</summary>
    public string? WorkerCommand { get; set; }

    /// <summary>Arguments placed before the generated <c>run --api-url … --sweep … --checkpoint-dir …</c>.</summary>
    public string[]? WorkerArguments { get; set; }

    /// <summary>Extra environment variables for worker processes (the API key is always set as <c>SCALINGAPI_API_KEY</c>).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>How often the executor re-checks its sweeps for claimable runs (runs returned by the reaper, retries).</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>How long a worker left running by a crashed earlier run of the service gets to save a checkpoint after SIGTERM before it is killed.</summary>
    public double OrphanStopSeconds { get; set; } = 30;
}
