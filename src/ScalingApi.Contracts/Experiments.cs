namespace ScalingApi.Contracts;

/// <summary>A data domain of an experiment (e.g. "ArXiv").</summary>
/// <param name="Name">Unique within the experiment.</param>
/// <param name="Tokens">Unique tokens available in the domain; needed for natural mixtures and data limits.</param>
public sealed record DomainSpec(string Name, double? Tokens = null);

/// <summary>Body of <c>POST /api/experiments</c>.</summary>
/// <param name="Name">Free text.</param>
/// <param name="Domains">At least one; order is kept.</param>
/// <param name="TokensPerStep">Converts tokens to steps in predictions and optimal mixtures.</param>
public sealed record CreateExperimentRequest(string Name, IReadOnlyList<DomainSpec> Domains, double? TokensPerStep = null);

public sealed record ExperimentResponse(
    long Id,
    string Name,
    IReadOnlyList<DomainSpec> Domains,
    double? TokensPerStep,
    DateTimeOffset CreatedAt);
