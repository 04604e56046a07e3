namespace ScalingApi.Contracts;

public sealed record ProportionRange(double Min, double Max);

/// <summary>
/// Caps each domain at <c>maxEpochs · tokens_i / totalTokens</c> using the domains' token counts: declared on the
/// experiment, else measured from their corpora (see <c>naturalSource</c> in the response).
/// </summary>
public sealed partial record DataLimits(double TotalTokens, double MaxEpochs);

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

/// <param name="Natural">The domains' token shares; null when the token counts are unavailable (<see cref="NaturalUnavailable"/> says why).</param>
/// <param name="BoundsApplied">The effective per-domain bounds after data limits.</param>
/// <param name="NaturalSource">Where the token counts behind <see cref="Natural"/> and data limits came from: <c>declared</c> (every domain's
/// <c>tokens</c>) or <c>measured</c> (the corpus statistics valid for the corpora as they are now, as for <c>mixtures/natural</c>); null when unavailable.</param>
/// <param name="NaturalTokenizer">Tokenizer of the measured counts; null for declared ones.</param>
/// <param name="NaturalUnavailable">Why there are no token counts (a domain without tokens and without current corpus statistics).</param>
public sealed record OptimalMixtureResponse(
    long FitId,
    double Steps,
    MixtureAssessment Optimal,
    MixtureAssessment? Natural,
    MixtureAssessment Uniform,
    IReadOnlyDictionary<string, ProportionRange> BoundsApplied,
    int BootstrapResamplesUsed,
    string? NaturalSource = null,
    string? NaturalTokenizer = null,
    string? NaturalUnavailable = null);
