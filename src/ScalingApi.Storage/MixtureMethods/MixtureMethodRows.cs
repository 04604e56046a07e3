namespace ScalingApi.Storage.MixtureMethods;

/// <summary>The methods and job states, spelled as stored and as the API shows them.</summary>
public static class MixtureMethodNames
{
    public const string DoReMi = "doremi";
    public const string Chameleon = "chameleon";
    public static readonly IReadOnlyList<string> All = [DoReMi, Chameleon];

    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

public sealed record MixtureMethodJobRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Method { get; init; } = "";
    public string Status { get; init; } = "";
    public string ParametersJson { get; init; } = "{}";
    public string ProvenanceJson { get; init; } = "{}";
    public string? WeightsJson { get; init; }
    public string? DetailsJson { get; init; }
    public string? Error { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? FinishedAt { get; init; }
}

public sealed record MixtureMethodSweepRow
{
    public long JobId { get; init; }
    public long SweepId { get; init; }
    public string Stage { get; init; } = "";
    public long Round { get; init; }
}

public sealed record SweepRunOutputRow
{
    public long SweepRunId { get; init; }
    public string Kind { get; init; } = "";
    public long Step { get; init; }
    public string DataJson { get; init; } = "";
}
