using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/fits/{id}/next-runs</c>: a count, steps or tokens, weights and bounds; the fit's domains are checked by the service.</summary>
public sealed class NextRunsRules : IRequestValidator<NextRunsRequest>
{
    public List<FieldError> Validate(NextRunsRequest request)
    {
        var errors = new List<FieldError>();
        if (request.Count is < 1 or > NextRunsService.MaxCount) errors.Add(new("count", $"must be between 1 and {NextRunsService.MaxCount}"));
        PlanningInputs.StepsOrTokens(request.Steps, request.Tokens, "", errors);
        PlanningInputs.WeightValues(request.Weights, errors);
        OptimalMixtureService.BoundValues(request.Bounds, dataLimits: null, errors);
        return errors;
    }
}
