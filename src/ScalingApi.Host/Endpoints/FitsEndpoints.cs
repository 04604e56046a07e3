using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.Endpoints;

public static class FitsEndpoints
{
    public static IEndpointRouteBuilder MapFits(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/experiments/{id:long}/fits", Create).WithTags("Fits").WithProblemResponses().WithName("CreateFit")
            .Validates<CreateFitRequest, CreateFitRules>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        var group = routes.MapGroup("/api/fits/{id:long}").WithTags("Fits").WithProblemResponses();
        group.MapGet("/", Get).WithName("GetFit");
        group.MapPost("/predictions", Predict).WithName("Predict").Validates<PredictionRequest, PredictionRules>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/optimal-mixture", OptimalMixture).WithName("OptimalMixture").Validates<OptimalMixtureRequest, OptimalMixtureRules>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/next-runs", NextRuns).WithName("NextRuns").Validates<NextRunsRequest, NextRunsRules>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapLawPlanning();
        return routes;
    }

    /// <summary>Fits the BiMix law to the experiment's observations, optionally holding some out to score it.</summary>
    /// <remarks>
    /// Per domain: A = 1 convention, B, C, alpha, beta with bootstrap percentile intervals (runs resampled),
    /// convergence diagnostics and in-sample error. holdout {kind:"last-step"} keeps each run's final checkpoint out
    /// and reports relative error; {kind:"runs", runs:[…]} keeps whole mixtures out and reports log-space R².
    /// runs:[names] and/or sweep:id fit only those runs (a sweep's runs; with both, named runs of that sweep), so sweeps
    /// with different budgets in one experiment do not spoil each other; hold-out runs must be among them. The selection
    /// is stored with the fit (runs, sweep in the response).
    /// </remarks>
    /// <response code="201">The stored, immutable fit.</response>
    /// <response code="400">Invalid request (law, objective, bootstrap, hold-out, runs[i], sweep).</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="422">Too little data to fit (the problem says which domain and why).</response>
    public static Created<FitResponse> Create(long id, CreateFitRequest request, FitService fits)
    {
        var fit = fits.Create(id, request);
        return TypedResults.Created($"/api/fits/{fit.Id}", fit);
    }

    /// <summary>A stored fit.</summary>
    /// <response code="404">Unknown fit.</response>
    public static Results<Ok<FitResponse>, ProblemHttpResult> Get(long id, FitService fits) =>
        fits.Find(id) is { } fit ? TypedResults.Ok(fit) : ApiProblems.From(NotFoundException.Fit(id));

    /// <summary>Predicted per-domain and averaged losses, with bootstrap intervals, at many (steps or tokens, mixture) points.</summary>
    /// <response code="200">One prediction per point, in order.</response>
    /// <response code="400">Invalid point (the problem names points[i].field).</response>
    /// <response code="404">Unknown fit.</response>
    /// <response code="422">A domain's alpha is null, so its loss at another proportion cannot be predicted.</response>
    public static Ok<PredictionResponse> Predict(long id, PredictionRequest request, PredictionService predictions) =>
        TypedResults.Ok(predictions.Predict(id, request));

    /// <summary>The mixture minimising the (weighted) average predicted loss at a target steps or tokens.</summary>
    /// <remarks>
    /// Optional bounds per domain and data limits (r_i ≤ maxEpochs · tokens_i / totalTokens). tokens_i are the domains'
    /// declared tokens when every domain has them, else the counts measured by corpus-stats (as for mixtures/natural);
    /// naturalSource says which ("declared" | "measured"), naturalUnavailable why neither exists.
    /// Intervals come from optimising every bootstrap law set. The natural (token share) and uniform mixtures are
    /// assessed under the same law for comparison, as they are: feasible false with the reasons when they break the
    /// bounds or data limits. By default every share stays within the proportions its law was fitted on (trustRegion.observed);
    /// extrapolate: true lifts that. trustRegion.atObservedBound names domains whose optimum sits on such an edge (with the
    /// run to do next), trustRegion.undetermined those whose alpha the data cannot tell from 0 (held mid-range, never 0).
    /// </remarks>
    /// <response code="200">Optimal, natural and uniform mixtures with predicted losses.</response>
    /// <response code="400">Invalid request.</response>
    /// <response code="404">Unknown fit.</response>
    /// <response code="422">Infeasible bounds or data limits, or a domain without alpha.</response>
    public static Ok<OptimalMixtureResponse> OptimalMixture(long id, OptimalMixtureRequest request, OptimalMixtureService optimizer) =>
        TypedResults.Ok(optimizer.Optimize(id, request));

    /// <summary>Which mixtures to run next to make the optimum's predicted loss more certain.</summary>
    /// <remarks>
    /// {count, steps | tokens, bounds?, weights?, extrapolate?}. Candidates are the optimum (as optimal-mixture finds it, inside the
    /// bounds and, unless extrapolate is true, the observed proportions) and Dirichlet draws around it; the runs are those where
    /// the fit's bootstrap law sets disagree most about the average loss, spread apart. Each comes with its predicted loss,
    /// the disagreement and its distance to the optimum; expectedEffect says what to expect. Needs a fit with a bootstrap.
    /// </remarks>
    /// <response code="200">The recommended mixtures, most informative first.</response>
    /// <response code="400">Invalid request (count, steps/tokens, bounds, weights).</response>
    /// <response code="404">Unknown fit.</response>
    /// <response code="422">Infeasible bounds, a domain without alpha, or a fit without bootstrap.</response>
    public static Ok<NextRunsResponse> NextRuns(long id, NextRunsRequest request, NextRunsService advisor) =>
        TypedResults.Ok(advisor.Recommend(id, request));
}
