using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.Endpoints;

public static class ExperimentsEndpoints
{
    public static IEndpointRouteBuilder MapExperiments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments").WithTags("Experiments").WithProblemResponses();
        group.MapPost("/", Create).WithName("CreateExperiment").Validates<CreateExperimentRequest, CreateExperimentRules>();
        group.MapGet("/", List).WithName("ListExperiments");
        group.MapGet("/{id:long}", Get).WithName("GetExperiment");
        return routes;
    }

    /// <summary>Creates an experiment: its domains (with optional unique-token counts and corpus references) and tokens per step.</summary>
    /// <response code="201">Created; Location points at the experiment.</response>
    /// <response code="400">A field breaks a rule; the problem names it.</response>
    public static Results<Created<ExperimentResponse>, ProblemHttpResult> Create(
        CreateExperimentRequest request, DbSession db, ExperimentStore experiments, ExperimentCorporaStore corpora)
    {
        using var write = db.BeginWrite();
        var id = experiments.Insert(request.Name, request.TokensPerStep, request.Domains.Select(d => (d.Name, d.Tokens)).ToList());
        corpora.Attach(id, request.Tokenizer ?? ScalingApi.Corpora.Tokenization.ByteTokenizer.TokenizerId, request.Domains.Select(d => d.Corpus).ToList());
        var created = Load(id, experiments)!;
        write.Commit();
        return TypedResults.Created($"/api/experiments/{id}", created);
    }

    /// <summary>Lists all experiments.</summary>
    public static Ok<List<ExperimentResponse>> List(ExperimentStore experiments)
    {
        var rows = experiments.List();
        var domains = experiments.DomainsOf(rows.Select(r => r.Id));
        return TypedResults.Ok(rows.Select(r => ToResponse(r, domains[r.Id].ToList())).ToList());
    }

    /// <summary>One experiment with its domains.</summary>
    /// <response code="404">No experiment with this id.</response>
    public static Results<Ok<ExperimentResponse>, ProblemHttpResult> Get(long id, ExperimentStore experiments) =>
        Load(id, experiments) is { } experiment ? TypedResults.Ok(experiment) : NotFound(id);

    private static ProblemHttpResult NotFound(long id) => ApiProblems.From(NotFoundException.Experiment(id));

    private static ExperimentResponse? Load(long id, ExperimentStore experiments) =>
        experiments.Find(id) is { } row ? ToResponse(row, experiments.Domains(id)) : null;

    private static ExperimentResponse ToResponse(ExperimentRow row, IReadOnlyList<DomainRow> domains) => new(
        row.Id, row.Name, domains.Select(d => new DomainSpec(d.Name, d.Tokens, d.Corpus)).ToList(), row.TokensPerStep,
        DateTimeOffset.Parse(row.CreatedAt), row.Tokenizer);
}
