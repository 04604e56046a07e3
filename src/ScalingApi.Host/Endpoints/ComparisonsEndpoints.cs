using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ScalingApi.Contracts;
using ScalingApi.Host.Comparisons;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.Comparisons;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Endpoints;

public static class ComparisonsEndpoints
{
    public static IEndpointRouteBuilder MapComparisons(this IEndpointRouteBuilder routes)
    {
        var perExperiment = routes.MapGroup("/api/experiments/{id:long}/comparisons").WithTags("Comparisons").WithProblemResponses();
        perExperiment.MapPost("/", Create).WithName("CreateComparison").Validates<CreateComparisonRequest, CreateComparisonRules>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        perExperiment.MapGet("/", List).WithName("ListComparisons");

        var comparisons = routes.MapGroup("/api/comparisons/{id:long}").WithTags("Comparisons").WithProblemResponses();
        comparisons.MapGet("/", Get).WithName("GetComparison");
        comparisons.MapGet("/events", Events).WithName("ComparisonEvents");
        comparisons.MapPost("/cancel", Cancel).WithName("CancelComparison");
        return routes;
    }

    /// <summary>Trains every candidate mixture with the same seeds (one sweep of candidates × seeds runs) and compares them, paired by seed.</summary>
    /// <remarks>
    /// Candidates: <c>{kind: natural|uniform|entropy-se|entropy-je|entropy-ce|entropy-vne, temperature?}</c>,
    /// <c>{kind: doremi|chameleon, job?}</c>, <c>{saved: name}</c>, <c>{optimal: {fit, bounds?, dataLimits?, weights?}}</c> (the fit's
    /// optimum at the comparison's steps), <c>{name, mixture}</c>; any of them with <c>label</c>. Seed k of every candidate has the same
    /// initial weights and the same windows of every domain in the same order.
    /// </remarks>
    /// <response code="202">Accepted; Location points at the comparison.</response>
    /// <response code="400">A field breaks a rule (unknown kind, seeds out of range, too many runs, duplicate labels…); the problem names it.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="409">Corpus statistics a kind needs are missing, or a run name exists already.</response>
    /// <response code="422">Unknown saved mixture, a fit of another experiment, no completed DoReMi/Chameleon job.</response>
    public static async Task<Results<Accepted<ComparisonResponse>, ProblemHttpResult>> Create(
        long id, CreateComparisonRequest request, ComparisonLauncher launcher, ComparisonViews views, CancellationToken ct)
    {
        var comparisonId = await launcher.CreateAsync(id, request, ct);
        return TypedResults.Accepted($"/api/comparisons/{comparisonId}", views.Find(comparisonId));
    }

    /// <summary>The experiment's comparisons.</summary>
    /// <response code="404">Unknown experiment.</response>
    public static Results<Ok<List<ComparisonResponse>>, ProblemHttpResult> List(long id, ExperimentStore experiments, ComparisonViews views) =>
        experiments.Find(id) is null ? ApiProblems.From(NotFoundException.Experiment(id)) : TypedResults.Ok(views.ForExperiment(id));

    /// <summary>A comparison: its sweep's progress, and once the sweep has finished the paired table per candidate.</summary>
    /// <response code="404">Unknown comparison.</response>
    public static Results<Ok<ComparisonResponse>, ProblemHttpResult> Get(long id, ComparisonViews views) =>
        views.Find(id) is { } comparison ? TypedResults.Ok(comparison) : NotFound(id);

    /// <summary>Server-Sent Events of the comparison's sweep (as <c>GET /api/sweeps/{id}/events</c>).</summary>
    /// <response code="404">Unknown comparison.</response>
    public static Results<ServerSentEventsResult<string>, ProblemHttpResult> Events(
        long id, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after, ComparisonStore comparisons, SweepStore sweeps,
        SweepEventStream stream, CancellationToken ct) =>
        comparisons.Find(id) is { } comparison ? SweepsEndpoints.Events(comparison.SweepId, lastEventId, after, sweeps, stream, ct) : NotFound(id);

    /// <summary>Cancels the comparison's sweep; runs already completed keep their losses.</summary>
    /// <response code="202">Cancellation accepted (also when the comparison had already finished).</response>
    /// <response code="404">Unknown comparison.</response>
    public static async Task<Results<Accepted<ComparisonResponse>, ProblemHttpResult>> Cancel(
        long id, ComparisonStore comparisons, SweepLauncher launcher, ComparisonViews views, CancellationToken ct)
    {
        if (comparisons.Find(id) is not { } comparison) return NotFound(id);
        await launcher.CancelAsync(comparison.SweepId, ct);
        return TypedResults.Accepted($"/api/comparisons/{id}", views.Find(id));
    }

    private static ProblemHttpResult NotFound(long id) => ApiProblems.From(NotFoundException.Comparison(id));
}
