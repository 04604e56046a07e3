namespace ScalingApi.Contracts;

/// <summary>Body of <c>POST /api/fits/{id}/next-runs</c>; give exactly one of steps or tokens (the budget the plan is for).</summary>
/// <param name="Count">How many runs to recommend, 1..10.</param>
/// <param name="Bounds">Domain name → allowed proportion range of the recommended mixtures.</param>
/// <param name="Weights">Domain name → relative weight of the averaged loss; default equal.</param>
/// <param name="Extrapolate">false (default): candidates stay within the observed proportions (the trust region); true: anywhere within the bounds.</param>
public sealed record NextRunsRequest(
    int Count,
    double? Steps = null,
    double? Tokens = null,
    IReadOnlyDictionary<string, ProportionRange>? Bounds = null,
    IReadOnlyDictionary<string, double>? Weights = null,
    bool? Extrapolate = null);

/// <summary>A mixture to run next and why.</summary>
/// <param name="Mixture">Domain → proportion (sums to 1).</param>
/// <param name="Predicted">The average loss the current fit predicts for it at the requested steps, with its interval.</param>
/// <param name="Disagreement">Spread (sd of the log average loss over the bootstrap law sets) at this mixture: how much
/// the current data leave its loss open; the criterion the runs were chosen by.</param>
/// <param name="DistanceToOptimum">L1 distance to the current optimum's mixture.</param>
/// <param name="ExtendsObservedRange">true when the run has more or less of some domain than any run of the fit had: it
/// steps beyond the trust region towards where the law places the optimum, so that the refit's trust region reaches it.</param>
/// <param name="Why">Why this run: the domains it takes beyond their observed proportions, or where the laws disagree.</param>
public sealed record RecommendedRun(IReadOnlyDictionary<string, double> Mixture, LossEstimate Predicted, double Disagreement, double DistanceToOptimum,
    bool ExtendsObservedRange = false, string? Why = null);

/// <param name="Criterion">How the runs were chosen.</param>
/// <param name="Optimum">The current optimum (same rules as optimal-mixture) with its interval.</param>
/// <param name="OptimumDisagreement">The spread at the optimum itself, for comparison with each run's.</param>
/// <param name="ExpectedEffect">What adding the runs is expected to do, with the measured simulation figures.</param>
public sealed record NextRunsResponse(
    long FitId,
    double Steps,
    string Criterion,
    MixtureAssessment Optimum,
    double OptimumDisagreement,
    IReadOnlyList<RecommendedRun> Runs,
    string ExpectedEffect);
