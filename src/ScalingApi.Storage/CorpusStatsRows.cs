namespace ScalingApi.Storage;

/// <summary>One cached statistics result: a corpus content (fingerprint) measured with one tokenizer.</summary>
public sealed record CorpusStatsRow
{
    public string Fingerprint { get; init; } = "";
    public string Tokenizer { get; init; } = "";
    public long Files { get; init; }
    public long FileBytes { get; init; }
    public long Documents { get; init; }
    public long Bytes { get; init; }
    public long Tokens { get; init; }
    public long Pairs { get; init; }
    public double ShannonEntropy { get; init; }
    public double JointEntropy { get; init; }
    public double ConditionalEntropy { get; init; }
    public double? VonNeumannEntropy { get; init; }
    public long EmbeddingDimensions { get; init; }
    public double ElapsedMs { get; init; }
    public string ComputedAt { get; init; } = "";
}

public static class CorpusStatsJobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public sealed record CorpusStatsJobRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Tokenizer { get; init; } = "";
    public string Status { get; init; } = "";
    public string? Error { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? StartedAt { get; init; }
    public string? FinishedAt { get; init; }
}

/// <summary>A domain of a job, with its cached result when the (fingerprint, tokenizer) row exists.</summary>
public sealed record CorpusStatsJobDomainRow
{
    public long JobId { get; init; }
    public long DomainId { get; init; }
    public string Domain { get; init; } = "";
    public long Position { get; init; }
    public string? Corpus { get; init; }
    public string Fingerprint { get; init; } = "";
    public long BytesTotal { get; init; }
    public bool FromCache { get; init; }
    public CorpusStatsRow? Result { get; init; }
}
