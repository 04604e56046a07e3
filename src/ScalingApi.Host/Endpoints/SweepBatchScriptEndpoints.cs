using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Host.Errors;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Endpoints;

public static class SweepBatchScriptEndpoints
{
    public static IEndpointRouteBuilder MapSweepBatchScript(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/sweeps/{id:long}").WithTags("Sweeps").WithProblemResponses()
            .MapGet("/batch-script", Get).WithName("SweepBatchScript");
        return routes;
    }

    /// <summary>The batch script the Slurm executor generated for the sweep, exactly as given to sbatch (text/plain).</summary>
    /// <remarks>Stored before submission, so a script sbatch rejected can be read too. It never contains the API key.</remarks>
    /// <response code="200">The script.</response>
    /// <response code="404">Unknown sweep, or a sweep whose executor writes no batch script (local).</response>
    public static Results<ContentHttpResult, ProblemHttpResult> Get(long id, SweepStore sweeps)
    {
        var sweep = sweeps.Find(id);
        if (sweep is null) return ApiProblems.From(NotFoundException.Sweep(id));
        if (sweep.BatchScript is not { } script)
            return ApiProblems.NotFound("id", $"sweep {id} has no batch script: its executor is '{sweep.Executor}' (only 'slurm' writes one)");
        return TypedResults.Text(script, "text/plain; charset=utf-8");
    }
}
