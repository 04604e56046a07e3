namespace ScalingApi.Contracts;

/// <summary>A data domain of an experiment (e.g. "ArXiv").</summary>
/// <param name="Name">Unique within the experiment.</param>
/// <param name="Tokens">Unique tokens available in the domain; needed for natural mixtures and data limits.</param>
/// <param name="Corpus">The domain's text on the server: a file, folder or glob relative to one of the
/// configured <c>Corpora:Roots</c> (e.g. <c>brown/press</c>, <c>web/**/*.jsonl.gz</c>). Optional.</param>
public sealed record DomainSpec(string Name, double? Tokens = null, string? Corpus = null);

/// <summary>Body of <c>POST /api/experiments</c>.</summary>
/// <param name="Name">Free text.</param>
/// <param name="Domains">At least one; order is kept.</param>
/// <param name="TokensPerStep">Converts tokens to steps in predictions and optimal mixtures.</param>
/// <param name="Tokenizer">Tokenizer of the corpus statistics: <c>bytes</c> (default) or <c>gpt2</c>.</param>
public sealed record CreateExperimentRequest(string Name, IReadOnlyList<DomainSpec> Domains, double? TokensPerStep = null, string? Tokenizer = null);

public sealed record ExperimentResponse(
    long Id,
    string Name,
    IReadOnlyList<DomainSpec> Domains,
    double? TokensPerStep,
    DateTimeOffset CreatedAt,
    string Tokenizer = "bytes");
