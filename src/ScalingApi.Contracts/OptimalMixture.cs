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
/// <param name="Extrapolate">false (default): every domain stays within the proportions its law was fitted on (the trust
/// region, intersected with the bounds); true: anywhere within the bounds, trusting the law outside its data.</param>
public sealed record OptimalMixtureRequest(
    double? Steps = null,
    double? Tokens = null,
    IReadOnlyDictionary<string, double>? Weights = null,
    IReadOnlyDictionary<string, ProportionRange>? Bounds = null,
    DataLimits? DataLimits = null,
    bool? Extrapolate = null);

/// <summary>A proportion with its bootstrap percentile interval.</summary>
public sealed record ProportionEstimate(double Value, double Lower, double Upper);

/// <summary>A mixture and what the fitted law predicts for it at the requested steps.</summary>
/// <param name="Feasible">False when the mixture breaks the request's bounds or data limits (natural and uniform are shown as they are).</param>
/// <param name="Infeasible">Why it is not feasible, one line per broken limit; empty when feasible.</param>
/// <param name="Extrapolation">How far the mixture leaves the proportions and steps the law was fitted on.</param>
public sealed record MixtureAssessment(
    IReadOnlyDictionary<string, ProportionEstimate> Mixture,
    IReadOnlyDictionary<string, LossEstimate> Losses,
    LossEstimate Average,
    bool Feasible = true,
    IReadOnlyList<string>? Infeasible = null,
    Extrapolation? Extrapolation = null);

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
    string? NaturalUnavailable = null,
    TrustRegionReport? TrustRegion = null);

/// <summary>How the optimum relates to the proportions the law was fitted on.</summary>
/// <param name="Extrapolate">Whether the request let the optimum leave the observed proportions.</param>
/// <param name="Observed">Per domain, the proportions its law was fitted on (null for fits stored before they were recorded).</param>
/// <param name="AtObservedBound">Domains whose optimum sits on an edge of their observed range (and that edge is not a request
/// bound): the law would push further; the advice says which mixture to run to learn more.</param>
/// <param name="Undetermined">Domains whose alpha the data cannot tell from 0: their share is held at the mean observed
/// proportion instead of being driven to a bound, with the reason.</param>
/// <param name="OutsideObserved">Domains your bounds or data limits put wholly outside their observed range: they keep your
/// limits and are extrapolated, with why.</param>
public sealed record TrustRegionReport(
    bool Extrapolate,
    IReadOnlyDictionary<string, ProportionRange>? Observed,
    IReadOnlyDictionary<string, string> AtObservedBound,
    IReadOnlyDictionary<string, string> Undetermined,
    IReadOnlyDictionary<string, string>? OutsideObserved = null);
