using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/fits/{id}/optimal-mixture</c>: steps or tokens, weights, bounds and data limits; the fit's domains and token counts are checked by the service.</summary>
public sealed class OptimalMixtureRules : IRequestValidator<OptimalMixtureRequest>
{
    public List<FieldError> Validate(OptimalMixtureRequest request)
    {
        var errors = new List<FieldError>();
        PlanningInputs.StepsOrTokens(request.Steps, request.Tokens, "", errors);
        PlanningInputs.WeightValues(request.Weights, errors);
        OptimalMixtureService.BoundValues(request.Bounds, request.DataLimits, errors);
        return errors;
    }
}
