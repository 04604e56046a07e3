namespace ScalingApi.Corpora.References;

/// <summary>The concrete files a reference stands for, fully resolved, in stable ordinal order of their path relative to <see cref="Root"/>.</summary>
public sealed record ResolvedCorpus(string Reference, string Root, IReadOnlyList<string> Files);
