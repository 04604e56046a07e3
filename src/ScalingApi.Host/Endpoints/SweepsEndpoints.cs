using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Endpoints;

public static class SweepsEndpoints
{
    public static IEndpointRouteBuilder MapSweeps(this IEndpointRouteBuilder routes)
    {
        var perExperiment = routes.MapGroup("/api/experiments/{id:long}/sweeps").WithTags("Sweeps").WithProblemResponses();
        perExperiment.MapPost("/", Create).WithName("CreateSweep").Validates<CreateSweepRequest, CreateSweepRules>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        perExperiment.MapGet("/", List).WithName("ListSweeps");

        var sweeps = routes.MapGroup("/api/sweeps/{id:long}").WithTags("Sweeps").WithProblemResponses();
        sweeps.MapGet("/", Get).WithName("GetSweep");
        sweeps.MapGet("/events", Events).WithName("SweepEvents");
        sweeps.MapPost("/cancel", Cancel).WithName("CancelSweep");
        return routes;
    }

    /// <summary>Launches a proxy sweep: one run of the experiment per mixture, trained by worker processes.</summary>
    /// <remarks>
    /// Mixtures: <c>{name?, mixture:{domain:p}}</c>, <c>{saved:"name"}</c>, <c>{design:"dirichlet", count, concentration, seed?}</c>
    /// (around the natural token shares; needs domain tokens), <c>{design:"one-up", factor}</c>. Each becomes an ordinary run
    /// named <c>{sweep}-{mixture}</c>, so fits and predictions use it unchanged.
    /// </remarks>
    /// <response code="202">Accepted; Location points at the sweep's status.</response>
    /// <response code="400">A field breaks a rule; the problem names it.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="409">A run name the sweep would create already exists.</response>
    /// <response code="422">A design needs data the experiment lacks, or a saved mixture is unknown.</response>
    public static async Task<Results<Accepted<SweepResponse>, ProblemHttpResult>> Create(
        long id, CreateSweepRequest request, SweepLauncher launcher, SweepViews views, CancellationToken ct)
    {
        var sweepId = await launcher.CreateAsync(id, request, ct);
        return TypedResults.Accepted($"/api/sweeps/{sweepId}", views.Find(sweepId));
    }

    /// <summary>The experiment's sweeps with their runs' progress.</summary>
    /// <response code="404">Unknown experiment.</response>
    public static Results<Ok<List<SweepResponse>>, ProblemHttpResult> List(long id, ExperimentStore experiments, SweepViews views) =>
        experiments.Find(id) is null ? ApiProblems.From(NotFoundException.Experiment(id)) : TypedResults.Ok(views.ForExperiment(id));

    /// <summary>A sweep: per-run status, step, tokens/s, ETA, last error, attempts; totals and compute spent.</summary>
    /// <response code="404">Unknown sweep.</response>
    public static Results<Ok<SweepResponse>, ProblemHttpResult> Get(long id, SweepViews views) =>
        views.Find(id) is { } sweep ? TypedResults.Ok(sweep) : ApiProblems.From(NotFoundException.Sweep(id));

    /// <summary>Server-Sent Events of the sweep's state changes and (throttled) progress; ends when the sweep is final.</summary>
    /// <remarks>Each event's <c>id</c> is its sequence number: reconnect with <c>Last-Event-ID</c> (or <c>?after=</c>) to resume.</remarks>
    /// <response code="404">Unknown sweep.</response>
    public static Results<ServerSentEventsResult<string>, ProblemHttpResult> Events(
        long id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after, SweepStore sweeps, SweepEventStream stream,
        CancellationToken ct)
    {
        if (sweeps.Find(id) is null) return ApiProblems.From(NotFoundException.Sweep(id));
        var (from, problem) = EventResumePosition.Read(lastEventId, after);
        if (problem is not null) return problem;
        return TypedResults.ServerSentEvents(stream.Read(id, from, ct));
    }

    /// <summary>Cancels the sweep: pending runs are cancelled, training workers are told to stop, the executor stops its workers.</summary>
    /// <response code="202">Cancellation accepted (also when the sweep had already finished).</response>
    /// <response code="404">Unknown sweep.</response>
    public static async Task<Results<Accepted<SweepResponse>, ProblemHttpResult>> Cancel(
        long id, SweepLauncher launcher, SweepViews views, CancellationToken ct)
    {
        await launcher.CancelAsync(id, ct);
        return TypedResults.Accepted($"/api/sweeps/{id}", views.Find(id));
    }
}
