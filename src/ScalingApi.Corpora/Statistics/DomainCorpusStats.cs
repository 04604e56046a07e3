namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// Everything measured for one domain's corpus. Entropies are in nats. <see cref="Bytes"/> counts document
/// UTF-8 content (after the reader's normalisation), <see cref="FileBytes"/> what is on disk.
/// The host caches by (<see cref="Fingerprint"/>, <see cref="TokenizerId"/>).
/// </summary>
public sealed record DomainCorpusStats(
    string TokenizerId,
    string Fingerprint,
    int Files,
    long FileBytes,
    long Documents,
    long Bytes,
    long Tokens,
    long Pairs,
    double ShannonEntropy,
    double JointEntropy,
    double ConditionalEntropy,
    double? VonNeumannEntropy,
    int EmbeddingDimensions);

/// <summary>Progress of one statistics run, in on-disk bytes (compressed bytes for .gz).</summary>
public readonly record struct CorpusProgress(long BytesDone, long BytesTotal)
{
    public double Fraction => BytesTotal == 0 ? 1 : (double)BytesDone / BytesTotal;
}
