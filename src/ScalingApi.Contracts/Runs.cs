namespace ScalingApi.Contracts;

/// <summary>Body of <c>POST /api/experiments/{id}/runs</c>: one proxy run and the mixture it trained on.</summary>
/// <param name="Name">Unique within the experiment; observations refer to the run by this name.</param>
/// <param name="Mixture">Domain name → proportion. Every domain present, each finite and ≥ 0, summing to 1 within 1e-4.</param>
/// <param name="TokensPerStep">Overrides the experiment's value for this run.</param>
public sealed partial record CreateRunRequest(string Name, IReadOnlyDictionary<string, double> Mixture, double? TokensPerStep = null);

public sealed partial record RunResponse(
    long Id,
    long ExperimentId,
    string Name,
    IReadOnlyDictionary<string, double> Mixture,
    double? TokensPerStep,
    long Observations,
    DateTimeOffset CreatedAt);
