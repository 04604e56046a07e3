using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Host.Observations;
using ScalingApi.Storage;

namespace ScalingApi.Host.Endpoints;

public static class ObservationsEndpoints
{
    public static IEndpointRouteBuilder MapObservations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments/{id:long}").WithTags("Observations").WithProblemResponses();
        group.MapPost("/observations", Post).WithName("PostObservations")
            .Accepts<List<ObservationItem>>("application/json", "text/csv").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/observations", List).WithName("ListObservations");
        group.MapPost("/imports/wide", ImportWide).WithName("ImportWideLayout").DisableAntiforgery();
        return routes;
    }

    /// <summary>Adds validation losses: a JSON array of {run, step, domain, loss} or text/csv with header run,step,domain,loss.</summary>
    /// <remarks>
    /// Idempotent: re-posting an identical point changes nothing. A different loss for an existing
    /// (run, step, domain) is a 409 unless <c>replace=true</c>. All or nothing: one bad point
    /// (reported by JSON index or CSV line) rejects the whole request.
    /// </remarks>
    /// <param name="id">Experiment id.</param>
    /// <param name="replace">Overwrite differing losses instead of failing with 409.</param>
    /// <response code="200">Counts of inserted, unchanged and replaced points.</response>
    /// <response code="400">A point breaks a rule; the problem names the field (and CSV line).</response>
    /// <response code="409">A posted loss differs from the stored one.</response>
    public static async Task<Ok<IngestResponse>> Post(long id, HttpRequest request, ObservationBodyReader reader, ObservationIngest ingest,
        bool replace = false)
    {
        var (posted, errors) = await reader.ReadAsync(request);
        return TypedResults.Ok(ingest.Ingest(id, posted, replace, errors));
    }

    /// <summary>Lists observations, optionally of one run.</summary>
    /// <response code="404">Unknown experiment or run.</response>
    public static Results<Ok<List<ObservationItem>>, ProblemHttpResult> List(long id, ExperimentStore experiments, RunStore runs,
        ObservationStore observations, string? run = null)
    {
        if (experiments.Find(id) is null) return ApiProblems.From(NotFoundException.Experiment(id));
        var experimentRuns = runs.List(id);
        var runNames = experimentRuns.ToDictionary(r => r.Id, r => r.Name);
        var selected = run is null ? null : experimentRuns.FirstOrDefault(r => r.Name == run);
        if (run is not null && selected is null) return ApiProblems.NotFound("run", $"no run '{EchoedValue.Of(run)}' in experiment {id}");
        var domainNames = experiments.Domains(id).ToDictionary(d => d.Id, d => d.Name);
        // one run is a key range of its own: never read the other runs' rows to filter them out
        var rows = selected is null ? observations.ForExperiment(id) : observations.ForRun(selected.Id);
        return TypedResults.Ok(rows.Select(o => new ObservationItem(runNames[o.RunId], o.Step, domainNames[o.DomainId], o.Loss)).ToList());
    }

    /// <summary>Imports the wide layout: multipart/form-data with files <c>ratios</c> (ratios.csv) and <c>metrics</c> (metrics.csv).</summary>
    /// <remarks>
    /// ratios.csv: <c>run,&lt;domain&gt;,…</c>, one row per run with its proportions (summing to 1); runs that do not exist are created.
    /// metrics.csv: <c>run,step,&lt;domain&gt;,…</c> with per-domain losses; empty cells are skipped.
    /// Runs, then observations, are written in one transaction.
    /// </remarks>
    /// <response code="200">Runs created and observation counts.</response>
    /// <response code="400">A cell breaks a rule; the problem names file, column and line.</response>
    public static async Task<Ok<WideImportResponse>> ImportWide(long id, IFormFile ratios, IFormFile metrics, ObservationIngest ingest,
        IOptions<LimitsOptions> limits, [FromQuery] bool replace = false)
    {
        var max = limits.Value.MaxObservationsPerRequest;
        var errors = new CappedErrors();
        var runs = WideLayoutReader.ReadRatios(CsvTable.Parse(await ReadText(ratios), WideLayoutReader.RatiosFile, max, errors), errors);
        var points = WideLayoutReader.ReadMetrics(CsvTable.Parse(await ReadText(metrics), WideLayoutReader.MetricsFile, max, errors), errors);
        return TypedResults.Ok(ingest.ImportWide(id, runs, points, replace, errors));
    }

    private static async Task<string> ReadText(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync();
    }
}
