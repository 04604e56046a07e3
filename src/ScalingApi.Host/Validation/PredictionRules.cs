using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/fits/{id}/predictions</c>: 1 to Limits:MaxPredictionPoints points, each with steps or tokens and a
/// strictly positive mixture summing to 1; optional model size and schedule; weights. The fit's domains are checked by the service.</summary>
public sealed class PredictionRules(IOptions<LimitsOptions> limits) : IRequestValidator<PredictionRequest>
{
    public List<FieldError> Validate(PredictionRequest request)
    {
        var errors = new List<FieldError>();
        var max = limits.Value.MaxPredictionPoints;
        if (request.Points is null || request.Points.Count == 0) errors.Add(new("points", "at least one point is required"));
        else if (request.Points.Count > max) errors.Add(new("points", $"at most {max} points per request"));
        PlanningInputs.WeightValues(request.Weights, errors);
        if (errors.Count > 0) return errors;

        for (var k = 0; k < request.Points!.Count; k++)
        {
            var prefix = $"points[{k}].";
            // the serializer's null checks stop at list elements: [null] arrives here as a null point
            if (request.Points[k] is not { } point)
            {
                errors.Add(new($"points[{k}]", "must be an object {steps | tokens, mixture, parameters?, learningRateSchedule?}, not null"));
                continue;
            }
            PlanningInputs.StepsOrTokens(point.Steps, point.Tokens, prefix, errors);
            MixtureValidator.Values(point.Mixture, prefix + "mixture", errors, strictlyPositive: true);
            FieldRules.PositiveFinite(point.Parameters, prefix + "parameters", errors);
            LearningRateScheduleValidator.Validate(point.LearningRateSchedule, prefix + "learningRateSchedule", errors);
        }
        return errors;
    }
}
