using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Hosting;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments/{id}/law-comparisons</c>: the fit request's rules (objective, bootstrap, hold-out, run selection), a required hold-out, and the laws.</summary>
public sealed class LawComparisonRules(IOptions<LimitsOptions> limits) : IRequestValidator<LawComparisonRequest>
{
    public List<FieldError> Validate(LawComparisonRequest request)
    {
        var errors = FitRequestValidator.Validate(LawComparisonService.AsFit(request), limits.Value.MaxBootstrap);
        if (request.Holdout is null) errors.Add(new("holdout", "is required: {kind: \"last-step\"} or {kind: \"runs\", runs: [...]}"));
        if (request.Laws is null || request.Laws.Count == 0) errors.Add(new("laws", $"must name at least one of {string.Join(", ", LawCatalog.Names)}"));
        else
            for (var k = 0; k < request.Laws.Count; k++)
            {
                if (LawCatalog.Find(request.Laws[k]) is null) errors.Add(new($"laws[{k}]", $"must be one of {string.Join(", ", LawCatalog.Names)}"));
                else if (request.Laws.Take(k).Contains(request.Laws[k])) errors.Add(new($"laws[{k}]", $"'{request.Laws[k]}' is named twice"));
            }
        FieldRules.PositiveFinite(request.AtStep, "atStep", errors);
        if (request.AnnealingDecay is not null && request.Laws?.Contains(BiMixLrLaw.NameOf(AnnealingTerm.Tissue)) != true)
            errors.Add(new("annealingDecay", "only applies when laws include \"bimix-lr\""));
        FitRequestValidator.AnnealingDecayRule(request.AnnealingDecay, errors);
        return errors;
    }
}
