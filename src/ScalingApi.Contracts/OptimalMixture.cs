namespace ScalingApi.Contracts;

public sealed record ProportionRange(double Min, double Max);

/// <summary>Caps each domain at <c>maxEpochs · tokens_i / totalTokens</c> using the experiment's domain token counts.</summary>
public sealed record DataLimits(double TotalTokens, double MaxEpochs);

/// <summary>Body of <c>POST /api/fits/{id}/optimal-mixture</c>; give exactly one of steps or tokens.</summary>
/// <param name="Weights">Domain name → relative weight of the objective; default equal.</param>
/// <param name="Bounds">Domain name → allowed proportion range.</param>
public sealed record OptimalMixtureRequest(
    double? Steps = null,
    double? Tokens = null,
    IReadOnlyDictionary<string, double>? Weights = null,
    IReadOnlyDictionary<string, ProportionRange>? Bounds = null,
    DataLimits? DataLimits = null);

/// <summary>A proportion with its bootstrap percentile interval.</summary>
public sealed record ProportionEstimate(double Value, double Lower, double Upper);

/// <summary>A mixture and what the fitted law predicts for it at the requested steps.</summary>
public sealed record MixtureAssessment(
    IReadOnlyDictionary<string, ProportionEstimate> Mixture,
    IReadOnlyDictionary<string, LossEstimate> Losses,
    LossEstimate Average);

/// <param name="Natural">The domains' token shares; null when a domain has no token count.</param>
/// <param name="BoundsApplied">The effective per-domain bounds after data limits.</param>
public sealed record OptimalMixtureResponse(
    long FitId,
    double Steps,
    MixtureAssessment Optimal,
    MixtureAssessment? Natural,
    MixtureAssessment Uniform,
    IReadOnlyDictionary<string, ProportionRange> BoundsApplied,
    int BootstrapResamplesUsed);
