namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// What deduplication remembers: exact fingerprints and MinHash signatures of the documents kept so far. One
/// index per domain, or one shared by all domains of a job (<see cref="PreparationStages.AcrossDomains"/>).
/// <see cref="Fingerprint"/> and <see cref="Signature"/> are pure and thread-safe (the costly part, run in
/// parallel); <see cref="TryAdd"/> is not thread-safe and is called in document order, so the first copy wins.
/// </summary>
public sealed class DuplicateIndex(ExactDedupStage? exact, NearDedupStage? near)
{
    public ExactDedupStage? Exact { get; } = exact;
    public NearDedupStage? Near { get; } = near;

    /// <summary>Hash of the normalised text (null when exact dedup is off).</summary>
    public UInt128? Fingerprint(string text) => throw new NotImplementedException();

    /// <summary>MinHash signature of the text's word n-grams (null when near dedup is off).</summary>
    public uint[]? Signature(string text) => throw new NotImplementedException();

    /// <summary>Adds the document if it is new; otherwise returns the stage that found it a duplicate
    /// ("exact-dedup" or "near-dedup") and leaves the index unchanged.</summary>
    public string? TryAdd(UInt128? fingerprint, uint[]? signature) => throw new NotImplementedException();

    public long Documents => throw new NotImplementedException();

    /// <summary>Bytes held by fingerprints, signatures and LSH buckets (the stage's memory, reported per job).</summary>
    public long EstimatedBytes => throw new NotImplementedException();
}
