using ScalingApi.Corpora.Preparation.Language;
using ScalingApi.Corpora.Preparation.Pipeline;
using ScalingApi.Corpora.Preparation.Quality;
using ScalingApi.Corpora.Reading;

namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// Prepares one domain: streams its files, applies the configured stages, writes the kept documents as
/// <c>.jsonl.gz</c> shards into an output folder, and counts what each stage and filter removed.
/// Documents are read in batches; a batch is judged on one pool thread (language, quality filters and the
/// deduplication fingerprint and signature, all pure), several batches at once, and the verdicts are applied on the
/// calling thread in reading order (duplicate-index insertion, counts, shard writing), so the output is the same
/// whatever the parallelism. See docs/corpus-preparation.md.
/// </summary>
public sealed class CorpusPreparer
{
    private readonly LanguageIdentifier? _language;
    private readonly IReadOnlyList<IQualityFilter> _quality;

    public CorpusPreparer(PreparationStages stages, DuplicateIndex duplicates)
    {
        if ((stages.ExactDedup is null) != (duplicates.Exact is null) || (stages.NearDedup is null) != (duplicates.Near is null))
            throw new ArgumentException("The duplicate index must be built for the same deduplication stages.", nameof(duplicates));
        Stages = stages;
        Duplicates = duplicates;
        _language = stages.Language is null ? null : new LanguageIdentifier(stages.Language);
        _quality = stages.Quality is null ? [] : QualityFilters.From(stages.Quality);
    }

    public PreparationStages Stages { get; }
    public DuplicateIndex Duplicates { get; }

    /// <summary>A batch closes at this many documents…</summary>
    public int BatchDocuments { get; init; } = 2000;

    /// <summary>…or this many UTF-8 bytes of text, whichever comes first.</summary>
    public long BatchBytes { get; init; } = 4L << 20;

    /// <summary>Batches judged at once (the apply thread waits when this many are in flight).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>A shard is closed once this many uncompressed bytes (JSON lines) are written to it.</summary>
    public long ShardBytes { get; init; } = 64L << 20;

    private bool Deduplicates => Duplicates.Exact is not null || Duplicates.Near is not null;

    /// <summary>Writes shards named <c>part-00000.jsonl.gz</c>… into <paramref name="outputFolder"/> (created;
    /// must be empty) and returns the ablation figures. Deterministic for the same files and stages.</summary>
    public DomainPreparation Prepare(IReadOnlyList<string> files, string outputFolder,
        IProgress<PreparationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputFolder);
        if (Directory.EnumerateFileSystemEntries(outputFolder).Any())
            throw new IOException($"The output folder '{outputFolder}' is not empty.");

        var tally = new AblationTally(StageFilters());
        long documentsIn = 0, bytesIn = 0, documentsOut = 0, bytesOut = 0, fileBytesDone = 0;
        void Report() => progress?.Report(new PreparationProgress(documentsIn, bytesIn, documentsOut, bytesOut, fileBytesDone));

        using var shards = new ShardWriter(outputFolder, ShardBytes);
        void Apply(JudgedBatch judged)
        {
            for (var i = 0; i < judged.Documents.Count; i++)
            {
                var document = judged.Documents[i];
                var verdict = judged.Verdicts[i];
                var (stage, filter) = (verdict.Stage, verdict.Filter);
                if (stage is null && Deduplicates) stage = filter = Duplicates.TryAdd(verdict.Fingerprint, verdict.Signature);
                tally.Record(document, stage, filter);
                documentsIn++;
                bytesIn += document.Bytes;
                if (stage is not null) continue;
                shards.Write(document.Text);
                documentsOut++;
                bytesOut += document.Bytes;
            }
            Report();
        }

        using (var runner = new OrderedBatchRunner<JudgedBatch>(Judge, Apply, Parallelism))
            Stream(files, runner, read => fileBytesDone += read, Report, cancellationToken);
        shards.Complete();
        Report();
        return new DomainPreparation(shards.Completed, documentsIn, bytesIn, documentsOut, bytesOut, tally.Outcomes());
    }

    /// <summary>Adds the documents of shards already prepared by an earlier (finished) domain to the duplicate
    /// index without counting them, so a resumed cross-domain job removes the same documents as an uninterrupted one.</summary>
    public void Remember(IReadOnlyList<string> preparedShards, CancellationToken cancellationToken = default)
    {
        if (!Deduplicates) return;
        using var runner = new OrderedBatchRunner<JudgedBatch>(Fingerprint, judged =>
        {
            foreach (var verdict in judged.Verdicts) Duplicates.TryAdd(verdict.Fingerprint, verdict.Signature);
        }, Parallelism);
        Stream(preparedShards, runner, null, null, cancellationToken);
    }

    /// <summary>Reads the files in order into batches for the runner (a batch never spans two files) and waits until
    /// every batch is applied.</summary>
    private void Stream(IReadOnlyList<string> files, OrderedBatchRunner<JudgedBatch> runner, Action<long>? onBytesRead,
        Action? afterFile, CancellationToken cancellationToken)
    {
        var batcher = new DocumentBatcher(BatchDocuments, BatchBytes, batch => runner.Submit(batch, cancellationToken));
        var sink = new DecodingDocumentSink(batcher.Add);
        foreach (var file in files)
        {
            CorpusFileReader.Read(file, sink, onBytesRead, cancellationToken);
            batcher.Flush();
            afterFile?.Invoke();
        }
        runner.Drain();
    }

    private IEnumerable<(string Stage, IEnumerable<string> Filters)> StageFilters()
    {
        if (Stages.Language is not null)
            yield return (StageNames.Language, [LanguageIdentifier.OtherLanguage, LanguageIdentifier.LowConfidence]);
        if (Stages.Quality is not null) yield return (StageNames.Quality, _quality.Select(f => f.Name));
        if (Stages.ExactDedup is not null) yield return (StageNames.ExactDedup, [StageNames.ExactDedup]);
        if (Stages.NearDedup is not null) yield return (StageNames.NearDedup, [StageNames.NearDedup]);
    }

    /// <summary>The pure, parallel part: which stage and filter (if any) remove each document; for the others, the
    /// deduplication keys, which only the ordered apply step may compare with the index.</summary>
    private JudgedBatch Judge(List<SourceDocument> batch)
    {
        var verdicts = new Verdict[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var text = batch[i].Text;
            if (_language?.Rejection(text) is { } languageFilter)
                verdicts[i] = new Verdict(StageNames.Language, languageFilter, null, null);
            else if (QualityFilters.FirstRejecting(_quality, text) is { } qualityFilter)
                verdicts[i] = new Verdict(StageNames.Quality, qualityFilter, null, null);
            else
                verdicts[i] = DeduplicationKeys(text);
        }
        return new JudgedBatch(batch, verdicts);
    }

    private JudgedBatch Fingerprint(List<SourceDocument> batch) =>
        new(batch, [.. batch.Select(d => DeduplicationKeys(d.Text))]);

    private Verdict DeduplicationKeys(string text) => new(null, null,
        Duplicates.Exact is null ? null : Duplicates.Fingerprint(text),
        Duplicates.Near is null ? null : Duplicates.Signature(text));

    private readonly record struct Verdict(string? Stage, string? Filter, UInt128? Fingerprint, uint[]? Signature);

    private sealed record JudgedBatch(List<SourceDocument> Documents, Verdict[] Verdicts);
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
