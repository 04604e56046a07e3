namespace ScalingApi.Storage;

public static class CorpusPreparationStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Completed or Failed or Cancelled;
}

public sealed record CorpusPreparationJobRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Status { get; init; } = "";
    public string StagesJson { get; init; } = "{}";
    public bool CancelRequested { get; init; }
    public string? Error { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
}

/// <summary>A domain of a preparation job; the figures are null until <see cref="Done"/>.</summary>
public sealed record CorpusPreparationDomainRow
{
    public long JobId { get; init; }
    public long DomainId { get; init; }
    public string Domain { get; init; } = "";
    public long Ordinal { get; init; }
    public string OriginalCorpus { get; init; } = "";
    public string PreparedCorpus { get; init; } = "";
    public long FileBytesTotal { get; init; }
    public bool Done { get; init; }
    public long? DocumentsIn { get; init; }
    public long? BytesIn { get; init; }
    public long? DocumentsOut { get; init; }
    public long? BytesOut { get; init; }
    public string? ShardsJson { get; init; }
    public string? StagesJson { get; init; }
    public double? ElapsedMs { get; init; }
    public bool Repointed { get; init; }
}

/// <summary>What a finished domain leaves on record, written in one statement.</summary>
public sealed record CorpusPreparationDomainResult(
    long DocumentsIn, long BytesIn, long DocumentsOut, long BytesOut, string ShardsJson, string StagesJson, double ElapsedMs);
