using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ScalingApi.Contracts;
using ScalingApi.Host.CorpusPreparation;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.Endpoints;

public static class CorpusPreparationEndpoints
{
    public static IEndpointRouteBuilder MapCorpusPreparation(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments/{id:long}/corpus-preparation").WithTags("Corpora").WithProblemResponses();
        group.MapPost("/", Start).WithName("StartCorpusPreparation").Validates<StartCorpusPreparationRequest, CorpusPreparationRules>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListCorpusPreparations");
        group.MapGet("/{jobId:long}", Get).WithName("GetCorpusPreparation");
        group.MapGet("/{jobId:long}/events", Events).WithName("CorpusPreparationEvents");
        group.MapPost("/{jobId:long}/cancel", Cancel).WithName("CancelCorpusPreparation");
        return routes;
    }

    /// <summary>Prepares domains' corpora in the background: language identification, quality filters, exact and near
    /// deduplication, writing <c>.jsonl.gz</c> shards under the prepared root.</summary>
    /// <remarks>
    /// Stages run in the order language, quality, exactDedup, nearDedup; a stage left out is skipped. Output goes to
    /// <c>{Corpora:PreparedRoot}/exp-{id}/job-{jobId}/{domain}/</c>; when the job completes, each prepared domain's
    /// corpus reference points at its folder (the job keeps the original reference as <c>originalCorpus</c>), so
    /// corpus statistics, mixtures and sweeps then use the prepared data. One active job per experiment.
    /// </remarks>
    /// <response code="202">The job; Location is <c>/api/experiments/{id}/corpus-preparation/{jobId}</c>.</response>
    /// <response code="400">A stage threshold out of range, or an unknown or repeated domain; the problem names the field.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="409">The experiment already has a queued or running preparation job.</response>
    /// <response code="422">A domain has no corpus reference, or its reference no longer resolves inside the corpus roots.</response>
    public static Accepted<CorpusPreparationJobResponse> Start(long id, StartCorpusPreparationRequest request, CorpusPreparationJobs jobs,
        CorpusPreparationViews views)
    {
        var jobId = jobs.Start(id, request);
        return TypedResults.Accepted($"/api/experiments/{id}/corpus-preparation/{jobId}", views.Find(id, jobId));
    }

    /// <summary>The experiment's preparation jobs, newest first.</summary>
    /// <response code="404">Unknown experiment.</response>
    public static Results<Ok<List<CorpusPreparationJobResponse>>, ProblemHttpResult> List(long id, ExperimentStore experiments,
        CorpusPreparationViews views) =>
        experiments.Find(id) is null ? ApiProblems.From(NotFoundException.Experiment(id)) : TypedResults.Ok(views.ForExperiment(id));

    /// <summary>One preparation job: status, per-domain live progress, documents and bytes in and out per stage, and
    /// the ablation table (per stage and filter: what was removed, its share, samples of removed documents).</summary>
    /// <response code="404">Unknown experiment or job.</response>
    public static Results<Ok<CorpusPreparationJobResponse>, ProblemHttpResult> Get(long id, long jobId, CorpusPreparationViews views) =>
        views.Find(id, jobId) is { } job ? TypedResults.Ok(job) : ApiProblems.From(NotFoundException.CorpusPreparationJob(id, jobId));

    /// <summary>Server-Sent Events of the job: queued, started or resumed, each domain's start, progress (at most once a
    /// second) and figures, and the final status; ends when the job is final.</summary>
    /// <remarks>Each event's <c>id</c> is its sequence number: reconnect with <c>Last-Event-ID</c> (or <c>?after=</c>) to resume.</remarks>
    /// <response code="404">Unknown experiment or job.</response>
    public static Results<ServerSentEventsResult<string>, ProblemHttpResult> Events(
        long id, long jobId, [FromHeader(Name = "Last-Event-ID")] string? lastEventId, long? after, CorpusPreparationStore store,
        SweepEventStream stream, SqliteConnectionFactory connections, CancellationToken ct)
    {
        if (store.FindJob(jobId) is not { } job || job.ExperimentId != id) return ApiProblems.From(NotFoundException.CorpusPreparationJob(id, jobId));
        var (from, problem) = EventResumePosition.Read(lastEventId, after);
        if (problem is not null) return problem;
        return TypedResults.ServerSentEvents(stream.Read(last =>
        {
            using var session = new DbSession(connections);
            var jobs = new CorpusPreparationStore(session);
            // status first: an event appended after this read is picked up by the next batch
            var final = jobs.FindJob(jobId) is not { } current || CorpusPreparationStatus.IsFinal(current.Status);
            return (jobs.EventsAfter(jobId, last), final);
        }, from, ct));
    }

    /// <summary>Cancels the job: a queued job ends at once, a running one stops within its current domain; the job's
    /// output is deleted and no domain is repointed.</summary>
    /// <response code="202">Cancellation accepted (also when the job had already finished).</response>
    /// <response code="404">Unknown experiment or job.</response>
    public static Accepted<CorpusPreparationJobResponse> Cancel(long id, long jobId, CorpusPreparationJobs jobs, CorpusPreparationViews views)
    {
        jobs.Cancel(id, jobId);
        return TypedResults.Accepted($"/api/experiments/{id}/corpus-preparation/{jobId}", views.Find(id, jobId));
    }
}
