namespace ScalingApi.Corpora.Statistics;

/// <summary>
/// The counting results of one domain. SE over unigrams; JE over adjacent pairs within documents;
/// CE = JE − H(first token of the pair) (docs/science.md §2), all in nats. VNE over per-document embeddings
/// (<see cref="DocumentEmbedding"/>); null when not computed.
/// </summary>
public sealed record EntropyFigures(
    long Documents,
    long Bytes,
    long Tokens,
    long Pairs,
    double ShannonEntropy,
    double JointEntropy,
    double ConditionalEntropy,
    double? VonNeumannEntropy);
