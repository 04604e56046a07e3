namespace ScalingApi.Contracts;

/// <summary>Where to predict: give exactly one of <see cref="Steps"/> or <see cref="Tokens"/>.</summary>
/// <param name="Steps">Training steps (&gt; 0).</param>
/// <param name="Tokens">Training tokens (&gt; 0); converted with the experiment's tokensPerStep.</param>
/// <param name="Mixture">Domain name → proportion, every domain, each &gt; 0, summing to 1.</param>
public sealed partial record PredictionPoint(IReadOnlyDictionary<string, double> Mixture, double? Steps = null, double? Tokens = null);

/// <summary>Body of <c>POST /api/fits/{id}/predictions</c>.</summary>
/// <param name="Weights">Domain name → relative weight of the averaged loss; default equal.</param>
public sealed record PredictionRequest(IReadOnlyList<PredictionPoint> Points, IReadOnlyDictionary<string, double>? Weights = null);

/// <summary>A predicted loss with its bootstrap percentile interval (2.5 %, 97.5 %).</summary>
/// <param name="IntervalMethod">What produced the interval: <c>run-bootstrap</c> or <c>parametric-bootstrap</c>, with
/// <c>+t-calibrated</c> when a parametric-bootstrap interval was widened for its estimated noise level and finite resamples
/// (always, for that method; docs/uncertainty.md), <c>+model-error</c> when the law's held-out extrapolation error in steps widened it and <c>+proportion-error</c> when its
/// held-out extrapolation error in proportion did (a share outside the observed proportions); null without a bootstrap (lower = upper = loss).</param>
public sealed record LossEstimate(double Loss, double Lower, double Upper, string? IntervalMethod = null);

/// <summary>How far a domain's proportion lies outside the proportions its law was fitted on.</summary>
/// <param name="Factor">proportion / observed minimum (&lt; 1, below) or proportion / observed maximum (&gt; 1, above).</param>
public sealed record ProportionOutside(double Proportion, double ObservedMin, double ObservedMax, double Factor);

/// <summary>How far a prediction leaves the data the law was fitted on.</summary>
/// <param name="StepsMultiple">steps / the largest observed steps (over domains); &gt; 1 extrapolates in training length.</param>
/// <param name="ProportionsOutside">Domains whose proportion is outside their observed range; empty when none.</param>
public sealed record Extrapolation(double? StepsMultiple, IReadOnlyDictionary<string, ProportionOutside> ProportionsOutside);

/// <param name="Extrapolation">How far this point leaves the fitted data (null for fits stored before observed ranges were recorded).</param>
public sealed partial record PointPrediction(double Steps, IReadOnlyDictionary<string, LossEstimate> Domains, LossEstimate Average, Extrapolation? Extrapolation = null);

public sealed record PredictionResponse(long FitId, IReadOnlyList<PointPrediction> Points);
