using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.Endpoints;

public static class CorpusStatsEndpoints
{
    public static IEndpointRouteBuilder MapCorpusStats(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments/{id:long}/corpus-stats").WithTags("Corpora").WithProblemResponses();
        group.MapPost("/", Start).WithName("StartCorpusStats").Validates<StartCorpusStatsRequest, CorpusStatsRules>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", Latest).WithName("LatestCorpusStats");
        group.MapGet("/{jobId:long}", Get).WithName("GetCorpusStats");
        return routes;
    }

    /// <summary>Measures every domain's corpus in the background: documents, bytes, tokens, SE, JE, CE, VNE.</summary>
    /// <remarks>
    /// Idempotent: while a job of this experiment and tokenizer is queued or running, the same job is returned.
    /// Results are cached per (corpus fingerprint, tokenizer); when every domain is cached the job is created
    /// already completed. A corpus changed on disk has a new fingerprint and is measured again.
    /// </remarks>
    /// <response code="202">The job; Location is <c>/api/experiments/{id}/corpus-stats/{jobId}</c>.</response>
    /// <response code="400">Unknown tokenizer.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="422">No domain has a corpus, or a reference no longer resolves.</response>
    public static Accepted<CorpusStatsJobResponse> Start(long id, StartCorpusStatsRequest? request, CorpusStatsJobs jobs)
    {
        var job = jobs.Start(id, request?.Tokenizer);
        return TypedResults.Accepted($"/api/experiments/{id}/corpus-stats/{job.Id}", job);
    }

    /// <summary>The experiment's most recent statistics job (optionally for one tokenizer), with progress and results.</summary>
    /// <response code="404">Unknown experiment, or no job yet.</response>
    public static Results<Ok<CorpusStatsJobResponse>, ProblemHttpResult> Latest(long id, string? tokenizer, CorpusStatsJobs jobs) =>
        jobs.Latest(id, tokenizer) is { } job ? TypedResults.Ok(job)
            : ApiProblems.NotFound("id", $"experiment {id} has no corpus statistics job{(tokenizer is null ? "" : $" for tokenizer '{EchoedValue.Of(tokenizer)}'")}; POST /api/experiments/{id}/corpus-stats starts one");

    /// <summary>One statistics job: status, bytes done / total per domain, and each finished domain's figures.</summary>
    /// <response code="404">Unknown experiment or job.</response>
    public static Results<Ok<CorpusStatsJobResponse>, ProblemHttpResult> Get(long id, long jobId, CorpusStatsJobs jobs) =>
        jobs.Find(id, jobId) is { } job ? TypedResults.Ok(job) : ApiProblems.NotFound("jobId", $"experiment {id} has no corpus statistics job {jobId}");
}
