using ScalingApi.Contracts;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/fits/{id}/compute-optimal</c>: a positive compute budget and weights; the fit's law and domains are checked by the service.</summary>
public sealed class ComputeOptimalRules : IRequestValidator<ComputeOptimalRequest>
{
    public List<FieldError> Validate(ComputeOptimalRequest request)
    {
        var errors = new List<FieldError>();
        if (!double.IsFinite(request.Flops) || request.Flops <= 0) errors.Add(new("flops", "is required and must be a finite number > 0"));
        PlanningInputs.WeightValues(request.Weights, errors);
        return errors;
    }
}
