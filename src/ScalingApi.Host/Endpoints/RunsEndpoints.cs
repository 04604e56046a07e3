using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.Endpoints;

public static class RunsEndpoints
{
    public static IEndpointRouteBuilder MapRuns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments/{id:long}/runs").WithTags("Runs").WithProblemResponses();
        group.MapPost("/", Create).WithName("CreateRun").Validates<CreateRunRequest, CreateRunRules>().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListRuns");
        return routes;
    }

    /// <summary>Registers a proxy run and the mixture it was trained on.</summary>
    /// <remarks>Proportions: finite, ≥ 0, every domain of the experiment present, summing to 1 within 1e-4.
    /// Optional parameters (model size N, &gt; 0) for laws in model size such as chinchilla, and learningRateSchedule
    /// (a shape or an explicit list of rates) for schedule-aware laws such as bimix-lr.</remarks>
    /// <response code="201">Created.</response>
    /// <response code="400">Invalid name or mixture; the problem names the field.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="409">A run with this name already exists.</response>
    public static Results<Created<RunResponse>, ProblemHttpResult> Create(
        long id, CreateRunRequest request, DbSession db, ExperimentStore experiments, RunStore runs, RunModelStore runModels)
    {
        if (experiments.Find(id) is null) return ApiProblems.From(NotFoundException.Experiment(id));
        var domains = experiments.Domains(id);
        var errors = new List<FieldError>();
        var proportions = MixtureValidator.InDomainOrder(request.Mixture, domains.Select(d => d.Name).ToList(), "mixture", errors);
        if (errors.Count > 0) return ApiProblems.Invalid(errors);
        var schedule = LearningRateScheduleValidator.Parse(request.LearningRateSchedule);

        using var write = db.BeginWrite();
        if (runs.List(id).Any(r => r.Name == request.Name))
            return ApiProblems.From(new ConflictException("name", $"run '{request.Name}' already exists in experiment {id}"));
        var runId = runs.Insert(id, request.Name, request.TokensPerStep, domains.Select((d, i) => (d.Id, proportions![i])).ToDictionary());
        if (request.Parameters is not null) runModels.SetParameters(runId, request.Parameters);
        if (schedule is not null) runModels.SetSchedule(runId, RunScheduleJson.Serialize(schedule));
        write.Commit();
        return TypedResults.Created($"/api/experiments/{id}/runs/{runId}",
            new RunResponse(runId, id, request.Name, domains.Select((d, i) => (d.Name, proportions![i])).ToDictionary(), request.TokensPerStep, 0, DateTimeOffset.UtcNow)
            {
                Parameters = request.Parameters,
                LearningRateSchedule = schedule is null ? null : LearningRateScheduleValidator.ToSpec(schedule),
            });
    }

    /// <summary>Lists an experiment's runs with their mixtures and observation counts.</summary>
    /// <response code="404">Unknown experiment.</response>
    public static Results<Ok<List<RunResponse>>, ProblemHttpResult> List(long id, ExperimentStore experiments, RunStore runs, RunModelStore runModels)
    {
        if (experiments.Find(id) is null) return ApiProblems.From(NotFoundException.Experiment(id));
        var modelSizes = runModels.Parameters(id);
        var schedules = runModels.Schedules(id);
        var domainNames = experiments.Domains(id).ToDictionary(d => d.Id, d => d.Name);
        var proportions = runs.Proportions(id).ToLookup(p => p.RunId);
        var counts = runs.ObservationCounts(id);
        return TypedResults.Ok(runs.List(id).Select(r => new RunResponse(
            r.Id, id, r.Name,
            proportions[r.Id].ToDictionary(p => domainNames[p.DomainId], p => p.Proportion),
            r.TokensPerStep, counts.GetValueOrDefault(r.Id), DateTimeOffset.Parse(r.CreatedAt))
            {
                Parameters = modelSizes.TryGetValue(r.Id, out var n) ? n : null,
                LearningRateSchedule = schedules.TryGetValue(r.Id, out var schedule) ? RunScheduleJson.Spec(schedule) : null,
            }).ToList());
    }
}
