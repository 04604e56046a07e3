using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.Endpoints;

/// <summary>Endpoints of laws other than BiMix (docs/laws.md): the compute-optimal allocation and law comparisons.</summary>
public static class LawEndpoints
{
    /// <summary>Routes under <c>/api/fits/{id}</c>.</summary>
    public static RouteGroupBuilder MapLawPlanning(this RouteGroupBuilder fitGroup)
    {
        fitGroup.MapPost("/compute-optimal", ComputeOptimal).WithName("ComputeOptimal").Validates<ComputeOptimalRequest, ComputeOptimalRules>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return fitGroup;
    }

    public static IEndpointRouteBuilder MapLawComparisons(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/experiments/{id:long}/law-comparisons", Compare).WithTags("Fits").WithProblemResponses().WithName("CompareLaws")
            .Validates<LawComparisonRequest, LawComparisonRules>();
        return routes;
    }

    /// <summary>The loss-minimising model size N* and tokens D* = C / 6N* at a compute budget C, for a chinchilla fit.</summary>
    /// <remarks>Minimises the (weighted) average loss over domains subject to C = 6 N D; intervals re-optimise every bootstrap law.</remarks>
    /// <response code="200">N*, D* and the losses there, with bootstrap intervals.</response>
    /// <response code="400">flops missing or not &gt; 0, or invalid weights.</response>
    /// <response code="404">Unknown fit.</response>
    /// <response code="422">The fit is not a chinchilla fit.</response>
    public static Ok<ComputeOptimalResponse> ComputeOptimal(long id, ComputeOptimalRequest request, LawPlanningService planning) =>
        TypedResults.Ok(planning.ComputeOptimal(id, request));

    /// <summary>Fits several laws on the same training part and scores each on the same held-out part.</summary>
    /// <remarks>
    /// Relative error |y − ŷ|/y and log-space R² (per held-out run, needs ≥ 2 checkpoints per run), mean/worst/best over
    /// domains, with each law's parameter count. Laws that do not apply to the data are listed with the reason. The winner
    /// is the applicable law with the lowest mean held-out relative error. Nothing is stored.
    /// </remarks>
    /// <response code="200">The laws side by side.</response>
    /// <response code="400">Invalid request (laws, holdout, objective, bootstrap, runs, sweep).</response>
    /// <response code="404">Unknown experiment.</response>
    public static Ok<LawComparisonResponse> Compare(long id, LawComparisonRequest request, LawComparisonService comparisons) =>
        TypedResults.Ok(comparisons.Compare(id, request));
}
