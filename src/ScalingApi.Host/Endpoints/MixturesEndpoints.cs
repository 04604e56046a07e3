using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.Endpoints;

public static class MixturesEndpoints
{
    public static IEndpointRouteBuilder MapMixtures(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/experiments/{id:long}/mixtures").WithTags("Mixtures").WithProblemResponses();
        group.MapGet("/", List).WithName("ListMixtures");
        group.MapPost("/", Save).WithName("SaveMixture").Validates<SaveMixtureRequest, SaveMixtureRules>().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/saved/{name}", GetSaved).WithName("GetSavedMixture");
        group.MapGet("/{kind}", Compute).WithName("ComputeMixture").ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>A mixture kind: natural, uniform, entropy-se, entropy-je, entropy-ce, entropy-vne, or the trained doremi and chameleon.</summary>
    /// <remarks>
    /// natural uses the domains' <c>tokens</c> when every domain has one, else the measured token counts.
    /// Entropy kinds are r_i = exp(H_i/τ) / Σ_j exp(H_j/τ) over the statistics of the corpora as they are now.
    /// </remarks>
    /// <param name="temperature">τ &gt; 0, default 1 (entropy kinds).</param>
    /// <param name="tokenizer">Statistics of this tokenizer; default the experiment's.</param>
    /// <param name="job">doremi, chameleon: this job's mixture instead of the latest completed job's (with provenance either way).</param>
    /// <response code="400">Bad temperature or tokenizer.</response>
    /// <response code="404">Unknown experiment or kind (the problem lists the valid kinds).</response>
    /// <response code="409">Statistics missing or stale: run corpus-stats first; or no completed doremi/chameleon job (or <c>job</c> not completed).</response>
    public static Ok<MixtureResponse> Compute(long id, string kind, string? temperature, string? tokenizer, long? job, CorpusMixtures mixtures) =>
        TypedResults.Ok(mixtures.Compute(id, kind, ParseTemperature(temperature), tokenizer, job: job));

    /// <summary>Parsed here rather than by the binder so a bad value is reported against <c>temperature</c>.</summary>
    private static double? ParseTemperature(string? text) =>
        text is null ? null
        : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t
        : throw new InvalidInputException("temperature", "must be a finite number > 0");

    /// <summary>The saved mixtures and, for each computable kind, whether it is available now.</summary>
    /// <response code="404">Unknown experiment.</response>
    public static Ok<MixtureListResponse> List(long id, CorpusMixtures mixtures, NamedMixtures named)
    {
        var saved = named.List(id);
        var kinds = MixtureKinds.All.Select(kind =>
        {
            var href = $"/api/experiments/{id}/mixtures/{kind}";
            try
            {
                mixtures.Compute(id, kind, null, null);
                return new MixtureKindStatus(kind, true, null, href);
            }
            catch (DomainException e) when (e is ConflictException or UnanswerableException)
            {
                return new MixtureKindStatus(kind, false, e.Message, href);
            }
        }).ToList();
        return TypedResults.Ok(new MixtureListResponse(saved, kinds));
    }

    /// <summary>Saves a mixture under a name: either given (<c>mixture</c>) or frozen from a kind (<c>from</c>).</summary>
    /// <response code="201">Saved; Location is <c>/api/experiments/{id}/mixtures/saved/{name}</c>.</response>
    /// <response code="400">Invalid name or mixture, or both/neither of mixture and from.</response>
    /// <response code="404">Unknown experiment.</response>
    /// <response code="409">Name taken, or the kind's statistics are missing.</response>
    public static Created<NamedMixtureResponse> Save(long id, SaveMixtureRequest request, NamedMixtures named)
    {
        var saved = named.Save(id, request);
        return TypedResults.Created($"/api/experiments/{id}/mixtures/saved/{Uri.EscapeDataString(saved.Name)}", saved);
    }

    /// <summary>One saved mixture.</summary>
    /// <response code="404">Unknown experiment or name.</response>
    public static Results<Ok<NamedMixtureResponse>, ProblemHttpResult> GetSaved(long id, string name, NamedMixtures named) =>
        named.Find(id, name) is { } mixture ? TypedResults.Ok(mixture)
            : ApiProblems.NotFound("name", $"experiment {id} has no saved mixture '{EchoedValue.Of(name)}'");
}
