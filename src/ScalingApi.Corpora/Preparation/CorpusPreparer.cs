namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// Prepares one domain: streams its files, applies the configured stages, writes the kept documents as
/// <c>.jsonl.gz</c> shards into an output folder, and counts what each stage and filter removed.
/// </summary>
public sealed class CorpusPreparer(PreparationStages stages, DuplicateIndex duplicates)
{
    public PreparationStages Stages { get; } = stages;
    public DuplicateIndex Duplicates { get; } = duplicates;

    /// <summary>Writes shards named <c>part-00000.jsonl.gz</c>… into <paramref name="outputFolder"/> (created;
    /// must be empty) and returns the ablation figures. Deterministic for the same files and stages.</summary>
    public DomainPreparation Prepare(IReadOnlyList<string> files, string outputFolder,
        IProgress<PreparationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Adds the documents of shards already prepared by an earlier (finished) domain to the duplicate
    /// index without counting them, so a resumed cross-domain job removes the same documents as an uninterrupted one.</summary>
    public void Remember(IReadOnlyList<string> preparedShards, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}

/// <summary>One domain's outcome: the shards written and, per stage, what went in, what came out and why.</summary>
public sealed record DomainPreparation(
    IReadOnlyList<string> Shards, long DocumentsIn, long BytesIn, long DocumentsOut, long BytesOut,
    IReadOnlyList<StageOutcome> Stages);

/// <summary>A stage ("language", "quality", "exact-dedup", "near-dedup"); bytes are UTF-8 bytes of document text.</summary>
public sealed record StageOutcome(
    string Stage, long DocumentsIn, long BytesIn, long DocumentsRemoved, long BytesRemoved,
    IReadOnlyList<FilterOutcome> Filters);

/// <summary>One filter of a stage (e.g. quality's "mean-word-length"); a document is charged to the first filter
/// that rejects it. Samples are the first 200 characters of the first few removed documents.</summary>
public sealed record FilterOutcome(string Filter, long DocumentsRemoved, long BytesRemoved, IReadOnlyList<string> Samples);

/// <summary>Live progress of one domain, reported at least once per input file.</summary>
public sealed record PreparationProgress(long DocumentsRead, long BytesRead, long DocumentsKept, long BytesKept, long FileBytesDone);
