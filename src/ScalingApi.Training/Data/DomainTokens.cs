namespace ScalingApi.Training.Data;

/// <summary>One domain's already-tokenized training and held-out streams (the caller reads and tokenizes corpora).</summary>
public sealed record DomainTokens(string Name, ReadOnlyMemory<int> Train, ReadOnlyMemory<int> Validation);
