namespace ScalingApi.Storage;

// Rows as stored. Property-style records (not positional) so Dapper can map nullable SQLite
// columns without exact constructor signature matching.

public sealed record ExperimentRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public double? TokensPerStep { get; init; }
    public string CreatedAt { get; init; } = "";
    /// <summary>Tokenizer of the experiment's corpus statistics (migration 0020).</summary>
    public string Tokenizer { get; init; } = "bytes";
}

public sealed record DomainRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    /// <summary>0-based index of the domain in its experiment; the numerics' domain index.</summary>
    public long Position { get; init; }
    public string Name { get; init; } = "";
    public double? Tokens { get; init; }
    /// <summary>Corpus reference relative to a configured root, or null (migration 0020).</summary>
    public string? Corpus { get; init; }
}

public sealed record RunRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Name { get; init; } = "";
    public double? TokensPerStep { get; init; }
    public string CreatedAt { get; init; } = "";
}

public readonly record struct RunProportionRow(long RunId, long DomainId, double Proportion);

/// <summary>An observation keyed by ids, as the ingest path and the fit loader see it.</summary>
public readonly record struct ObservationRow(long RunId, long Step, long DomainId, double Loss);

public sealed record FitRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public string Law { get; init; } = "";
    public string Objective { get; init; } = "";
    public long Seed { get; init; }
    public long Bootstrap { get; init; }
    public string RequestJson { get; init; } = "";
    public string ModelJson { get; init; } = "";
    public string? HoldoutJson { get; init; }
    public double ElapsedMs { get; init; }
    public string CreatedAt { get; init; } = "";
    /// <summary>The sweep whose runs were selected; null when the request named none.</summary>
    public long? SweepId { get; init; }
    /// <summary>JSON array of the run names the fit used; null for fits stored before selection existed.</summary>
    public string? RunsJson { get; init; }
}
