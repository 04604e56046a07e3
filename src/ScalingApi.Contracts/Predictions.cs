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
public sealed record LossEstimate(double Loss, double Lower, double Upper);

public sealed partial record PointPrediction(double Steps, IReadOnlyDictionary<string, LossEstimate> Domains, LossEstimate Average);

public sealed record PredictionResponse(long FitId, IReadOnlyList<PointPrediction> Points);
