using ScalingApi.Corpora.Preparation;

namespace ScalingApi.Contracts;

/// <summary>Body of <c>POST /api/experiments/{id}/corpus-preparation</c>.</summary>
/// <param name="Domains">The domains to prepare; omitted: every domain with a corpus reference.</param>
/// <param name="Stages">Which stages run, with their thresholds (a stage left out is skipped).</param>
public sealed record StartCorpusPreparationRequest(IReadOnlyList<string>? Domains = null, PreparationStages? Stages = null);

/// <summary>
/// A corpus preparation job. <c>status</c>: <c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> (then
/// <c>error</c> says why) or <c>cancelled</c>. Totals count the finished domains; <c>ablation</c> sums the finished
/// domains' removals per stage and filter.
/// </summary>
/// <param name="OutputFolder">The job's folder as a corpus reference (relative to a corpus root).</param>
public sealed record CorpusPreparationJobResponse(
    long Id,
    long ExperimentId,
    string Status,
    string? Error,
    PreparationStages Stages,
    string OutputFolder,
    long DocumentsIn,
    long BytesIn,
    long DocumentsOut,
    long BytesOut,
    IReadOnlyList<AblationRow> Ablation,
    IReadOnlyList<PreparedDomainResponse> Domains,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>One domain of a preparation job.</summary>
/// <param name="Status"><c>pending</c>, <c>running</c> or <c>done</c>.</param>
/// <param name="OriginalCorpus">The domain's corpus reference when the job was created (kept on record: posting it back
/// is the way to the unprepared data).</param>
/// <param name="PreparedCorpus">The reference of the prepared shards' folder.</param>
/// <param name="Repointed">The domain's corpus reference now is <paramref name="PreparedCorpus"/> (set when the job
/// completes, for each domain that kept at least one document).</param>
/// <param name="FileBytesTotal">On-disk size of the input files (compressed size for .gz).</param>
/// <param name="Live">Counters of the domain being prepared right now (null otherwise).</param>
/// <param name="Shards">The shard files written, relative to the prepared folder (once done).</param>
/// <param name="Stages">Per stage, documents and bytes in and out (once done).</param>
/// <param name="Ablation">Per stage, then each of its filters: what was removed (once done).</param>
public sealed record PreparedDomainResponse(
    string Domain,
    string Status,
    string OriginalCorpus,
    string PreparedCorpus,
    bool Repointed,
    long FileBytesTotal,
    PreparationLiveProgress? Live,
    long? DocumentsIn,
    long? BytesIn,
    long? DocumentsOut,
    long? BytesOut,
    IReadOnlyList<string>? Shards,
    IReadOnlyList<PreparationStageFigures>? Stages,
    IReadOnlyList<AblationRow>? Ablation,
    double? ElapsedMs);

/// <summary>Documents and bytes read and kept so far; <c>fraction</c> is input file bytes done over the total.</summary>
public sealed record PreparationLiveProgress(long DocumentsRead, long BytesRead, long DocumentsKept, long BytesKept, long FileBytesDone, double Fraction);

/// <summary>What went into a stage and what came out of it (bytes: UTF-8 bytes of document text).</summary>
public sealed record PreparationStageFigures(string Stage, long DocumentsIn, long BytesIn, long DocumentsOut, long BytesOut);

/// <summary>
/// One line of the ablation table: a stage (<c>filter</c> null: the whole stage) or one of its filters, with what it
/// removed and that as a share of the input (of the domain, or of every domain for the job's table).
/// </summary>
/// <param name="Samples">The first 200 characters of the first documents the filter removed (filter lines only).</param>
public sealed record AblationRow(
    string Stage,
    string? Filter,
    long DocumentsRemoved,
    long BytesRemoved,
    double DocumentShare,
    double ByteShare,
    IReadOnlyList<string> Samples);
