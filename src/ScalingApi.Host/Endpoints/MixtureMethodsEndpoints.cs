using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.MixtureMethods;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.MixtureMethods;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Endpoints;

public static class MixtureMethodsEndpoints
{
    public static IEndpointRouteBuilder MapMixtureMethods(this IEndpointRouteBuilder routes)
    {
        var perExperiment = routes.MapGroup("/api/experiments/{id:long}/mixture-methods").WithTags("Mixture methods").WithProblemResponses();
        perExperiment.MapPost("/doremi", StartDoReMi).WithName("StartDoReMi").Validates<DoReMiRequest, DoReMiRules>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        perExperiment.MapPost("/chameleon", StartChameleon).WithName("StartChameleon").Validates<ChameleonRequest, ChameleonRules>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var jobs = routes.MapGroup("/api/mixture-methods/{jobId:long}").WithTags("Mixture methods").WithProblemResponses();
        jobs.MapGet("/", Get).WithName("GetMixtureMethodJob");
        jobs.MapGet("/events", Events).WithName("MixtureMethodJobEvents");
        jobs.MapPost("/cancel", Cancel).WithName("CancelMixtureMethodJob");

        var leases = routes.MapGroup("/api/leases/{leaseId:guid}").WithTags("Workers").WithProblemResponses();
        leases.MapPost("/domain-weights", PostWeights).WithName("PostDomainWeights").Validates<DomainWeightsPoint, DomainWeightsRules>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        leases.MapPost("/embeddings", PostEmbeddings).WithName("PostDomainEmbeddings").Validates<DomainEmbeddings, DomainEmbeddingsRules>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        return routes;
    }

    /// <summary>Trains a DoReMi mixture: a reference proxy on the reference mixture, then a Group-DRO proxy against it (per round).</summary>
    /// <remarks>Both proxies are ordinary sweep runs (<c>doremi-{job}-r{round}-reference</c> / <c>-proxy</c>), trained by the chosen executor.
    /// The result is the mean of the DRO proxy's domain weights α_t over its steps; see docs/mixture-methods.md.</remarks>
    /// <response code="202">Accepted; Location is the job's status.</response>
    /// <response code="400">A parameter is out of range; the problem names it.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="409">The reference mixture cannot be computed now (e.g. corpus statistics missing).</response>
    /// <response code="422">Unknown reference mixture, or a domain without a corpus.</response>
    public static async Task<Accepted<MixtureMethodJobResponse>> StartDoReMi(long id, [FromBody] DoReMiRequest? request, MixtureMethodJobs jobs,
        MixtureMethodViews views, CancellationToken ct)
    {
        var jobId = await jobs.StartDoReMiAsync(id, request, ct);
        return TypedResults.Accepted($"/api/mixture-methods/{jobId}", views.Find(jobId));
    }

    /// <summary>Computes a Chameleon mixture: embeds each domain with a trained proxy and turns the leverage scores into weights.</summary>
    /// <remarks>Without <c>checkpoint</c> the experiment's latest proxy trained on the uniform mixture embeds; if there is none, one is trained first.
    /// A checkpoint of another experiment with the same tokenizer works (transfer).</remarks>
    /// <response code="202">Accepted; Location is the job's status.</response>
    /// <response code="400">A parameter is out of range; the problem names it.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="422">Unknown or unusable checkpoint (other tokenizer, unfinished, not trained here), or a domain without a corpus.</response>
    public static async Task<Accepted<MixtureMethodJobResponse>> StartChameleon(long id, [FromBody] ChameleonRequest? request, MixtureMethodJobs jobs,
        MixtureMethodViews views, CancellationToken ct)
    {
        var jobId = await jobs.StartChameleonAsync(id, request, ct);
        return TypedResults.Accepted($"/api/mixture-methods/{jobId}", views.Find(jobId));
    }

    /// <summary>A job: status, stage, progress, compute spent (device-seconds, tokens, FLOPs), the resulting weights and DoReMi's weight trajectory.</summary>
    /// <response code="404">Unknown job.</response>
    public static Results<Ok<MixtureMethodJobResponse>, ProblemHttpResult> Get(long jobId, MixtureMethodViews views) =>
        views.Find(jobId) is { } job ? TypedResults.Ok(job) : ApiProblems.From(NotFoundException.MixtureMethodJob(jobId));

    /// <summary>Server-Sent Events of the job's sweeps and stages (and DoReMi weight points); ends when the job is final.</summary>
    /// <remarks>Each event's <c>id</c> is its sequence number: reconnect with <c>Last-Event-ID</c> (or <c>?after=</c>) to resume.</remarks>
    /// <response code="404">Unknown job.</response>
    public static Results<ServerSentEventsResult<string>, ProblemHttpResult> Events(
        long jobId, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after, MixtureMethodStore store, SweepEventStream stream,
        SqliteConnectionFactory connections, TimeProvider clock, CancellationToken ct)
    {
        if (store.Find(jobId) is null) return ApiProblems.From(NotFoundException.MixtureMethodJob(jobId));
        var (from, problem) = EventResumePosition.Read(lastEventId, after);
        if (problem is not null) return problem;
        return TypedResults.ServerSentEvents(stream.Read(last =>
        {
            using var session = new DbSession(connections);
            var jobs = new MixtureMethodStore(session, clock);
            var final = jobs.Find(jobId)?.Status is not MixtureMethodNames.Running;
            return (jobs.EventsAfter(jobId, last), final);
        }, from, ct));
    }

    /// <summary>Cancels the job: its current sweep is cancelled and the job ends without a mixture.</summary>
    /// <response code="202">Cancellation accepted (also when the job had already finished).</response>
    /// <response code="404">Unknown job.</response>
    public static async Task<Accepted<MixtureMethodJobResponse>> Cancel(long jobId, MixtureMethodJobs jobs, MixtureMethodViews views, CancellationToken ct)
    {
        await jobs.CancelAsync(jobId, ct);
        return TypedResults.Accepted($"/api/mixture-methods/{jobId}", views.Find(jobId));
    }

    /// <summary>A DoReMi proxy's domain weights after a step (worker protocol).</summary>
    /// <response code="400">Step out of range or weights not a distribution over the domains.</response>
    /// <response code="409">The lease's run is not a DoReMi proxy.</response>
    /// <response code="410">The lease is no longer the run's current lease.</response>
    public static NoContent PostWeights(Guid leaseId, DomainWeightsPoint point, LeaseOutputs outputs)
    {
        outputs.PostWeights(leaseId, point);
        return TypedResults.NoContent();
    }

    /// <summary>An embedding pass's per-domain vectors (worker protocol).</summary>
    /// <response code="400">Not one finite vector of a common length per domain.</response>
    /// <response code="409">The lease's run is not an embedding pass.</response>
    /// <response code="410">The lease is no longer the run's current lease.</response>
    public static NoContent PostEmbeddings(Guid leaseId, DomainEmbeddings embeddings, LeaseOutputs outputs)
    {
        outputs.PostEmbeddings(leaseId, embeddings);
        return TypedResults.NoContent();
    }
}
