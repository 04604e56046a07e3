namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// Which preparation stages run, in this fixed order: language identification, quality filters, exact
/// deduplication, near-duplicate removal. A stage left null is skipped. This record is also the HTTP request's
/// <c>stages</c> object, so its property names are the public contract.
/// </summary>
public sealed record PreparationStages
{
    public LanguageStage? Language { get; init; }
    public QualityStage? Quality { get; init; }
    public ExactDedupStage? ExactDedup { get; init; }
    public NearDedupStage? NearDedup { get; init; }

    /// <summary>Deduplicate across the job's domains too: a document kept in an earlier domain removes its copies
    /// (exact or near) from the later ones, so it is counted once.</summary>
    public bool AcrossDomains { get; init; }
}

/// <summary>Keeps documents whose most likely language is one of <see cref="Languages"/> (ISO 639-1 codes)
/// with at least <see cref="MinConfidence"/>.</summary>
public sealed record LanguageStage
{
    public IReadOnlyList<string> Languages { get; init; } = ["en"];
    public double MinConfidence { get; init; } = 0.5;
}

/// <summary>Heuristic quality thresholds (FuLG / Gopher / C4 style); every threshold is documented with its
/// source in docs/corpus-preparation.md. Filled in by the quality-filter implementation.</summary>
public sealed record QualityStage;

/// <summary>Removes documents whose normalised text (case-folded, whitespace collapsed) was seen before.</summary>
public sealed record ExactDedupStage;

/// <summary>MinHash over word n-grams with LSH banding; a document whose estimated Jaccard similarity to a kept
/// document is at least <see cref="Threshold"/> is removed.</summary>
public sealed record NearDedupStage
{
    public int NGram { get; init; } = 5;
    public int Permutations { get; init; } = 128;
    public int Bands { get; init; } = 16;
    public double Threshold { get; init; } = 0.8;
    public ulong Seed { get; init; } = 1;
}
