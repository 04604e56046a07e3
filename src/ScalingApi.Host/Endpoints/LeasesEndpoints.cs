using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.Endpoints;

/// <summary>The worker protocol: claim a run, heartbeat while training, complete or fail.</summary>
public static class LeasesEndpoints
{
    public static IEndpointRouteBuilder MapLeases(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/sweeps/{id:long}/leases", Claim).WithTags("Workers").WithProblemResponses().WithName("ClaimLease")
            .Validates<LeaseRequest, LeaseRequestRules>();
        var leases = routes.MapGroup("/api/leases/{leaseId:guid}").WithTags("Workers").WithProblemResponses();
        leases.MapPost("/heartbeat", Heartbeat).WithName("LeaseHeartbeat").Validates<Heartbeat, HeartbeatRules>()
            .ProducesProblem(StatusCodes.Status410Gone);
        leases.MapPost("/complete", Complete).WithName("CompleteLease").Validates<LeaseCompletion, LeaseCompletionRules>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        leases.MapPost("/fail", Fail).WithName("FailLease").Validates<LeaseFailure, LeaseFailureRules>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return routes;
    }

    /// <summary>Claims a run of the sweep. With <c>taskIndex</c>, that task's run (a requeued Slurm task resumes its own run).</summary>
    /// <response code="200">The lease: run, mixture, domain files, model, steps, checkpoints, heartbeat interval.</response>
    /// <response code="204">Nothing to claim: every run is done or leased, or the sweep is cancelled or finished.</response>
    /// <response code="404">Unknown sweep.</response>
    public static Results<Ok<Lease>, NoContent> Claim(long id, LeaseRequest request, LeaseService leases) =>
        leases.Claim(id, request) is { } lease ? TypedResults.Ok(lease) : TypedResults.NoContent();

    /// <summary>Reports progress and extends the lease. <c>continue:false</c> means stop (sweep cancelled, run finished).</summary>
    /// <response code="404">No such lease was ever granted.</response>
    /// <response code="410">The lease ended and the run was taken over or returned: stop training.</response>
    public static Ok<HeartbeatAnswer> Heartbeat(Guid leaseId, Heartbeat heartbeat, LeaseService leases) =>
        TypedResults.Ok(leases.Heartbeat(leaseId, heartbeat));

    /// <summary>The run finished training and all its observations are posted. Repeating it is harmless.</summary>
    /// <response code="409">The run was cancelled or failed meanwhile.</response>
    /// <response code="410">The lease is no longer the run's current lease.</response>
    public static NoContent Complete(Guid leaseId, LeaseCompletion completion, LeaseService leases)
    {
        leases.Complete(leaseId, completion);
        return TypedResults.NoContent();
    }

    /// <summary>The attempt failed. A retryable failure returns the run to pending until Sweeps:MaxAttempts is reached.</summary>
    /// <response code="409">The run already completed.</response>
    /// <response code="410">The lease is no longer the run's current lease.</response>
    public static NoContent Fail(Guid leaseId, LeaseFailure failure, LeaseService leases)
    {
        leases.Fail(leaseId, failure);
        return TypedResults.NoContent();
    }
}
