namespace ScalingApi.Contracts;

/// <summary>Optional body of <c>POST /api/experiments/{id}/corpus-stats</c>.</summary>
/// <param name="Tokenizer"><c>bytes</c> or <c>gpt2</c>; defaults to the experiment's tokenizer.</param>
public sealed record StartCorpusStatsRequest(string? Tokenizer = null);

/// <summary>
/// A statistics job: progress in on-disk bytes (compressed bytes for .gz) and, per domain, the results.
/// <c>status</c> is <c>queued</c>, <c>running</c>, <c>completed</c> or <c>failed</c> (then <c>error</c> says why,
/// e.g. the file and line of a malformed JSONL record).
/// </summary>
public sealed record CorpusStatsJobResponse(
    long Id,
    long ExperimentId,
    string Tokenizer,
    string Status,
    string? Error,
    long BytesDone,
    long BytesTotal,
    double Fraction,
    IReadOnlyList<DomainCorpusStatsResponse> Domains,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>One domain of a job.</summary>
/// <param name="Status"><c>pending</c>, <c>running</c> or <c>done</c>.</param>
/// <param name="FromCache">The result was already cached for this corpus content and tokenizer when the job started.</param>
/// <param name="Fingerprint">Corpus content identity: SHA-256 over file paths, sizes and modification times.</param>
public sealed record DomainCorpusStatsResponse(
    string Domain,
    string? Corpus,
    string Status,
    long BytesDone,
    long BytesTotal,
    bool FromCache,
    string Fingerprint,
    CorpusStatsFigures? Results);

/// <summary>
/// Measured figures of one domain's corpus. Entropies in nats: SE over unigrams, JE over adjacent token pairs
/// within documents, CE = JE − H(first token of a pair), VNE over per-document embeddings (feature-hashed
/// token-bigram counts, unit length, <see cref="EmbeddingDimensions"/> dimensions).
/// </summary>
public sealed record CorpusStatsFigures(
    long Files,
    long FileBytes,
    long Documents,
    long Bytes,
    long Tokens,
    long Pairs,
    double ShannonEntropy,
    double JointEntropy,
    double ConditionalEntropy,
    double? VonNeumannEntropy,
    long EmbeddingDimensions,
    double ElapsedMs);
