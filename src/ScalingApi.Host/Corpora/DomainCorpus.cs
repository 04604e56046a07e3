namespace ScalingApi.Host.Corpora;

/// <summary>A domain's corpus as it is on disk now: the reference and its resolved absolute files (stable order).</summary>
public sealed record DomainCorpus(long DomainId, string Domain, int Position, string Reference, IReadOnlyList<string> Files);
