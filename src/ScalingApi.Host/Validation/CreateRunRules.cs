using ScalingApi.Contracts;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments/{id}/runs</c>: name, tokens per step, model size, schedule, and a mixture summing to 1;
/// its domain names are checked against the experiment by the handler.</summary>
public sealed class CreateRunRules : IRequestValidator<CreateRunRequest>
{
    public List<FieldError> Validate(CreateRunRequest request)
    {
        var errors = new List<FieldError>();
        FieldRules.Name(request.Name, "name", errors);
        FieldRules.PositiveFinite(request.TokensPerStep, "tokensPerStep", errors);
        FieldRules.PositiveFinite(request.Parameters, "parameters", errors);
        MixtureValidator.Values(request.Mixture, "mixture", errors);
        LearningRateScheduleValidator.Validate(request.LearningRateSchedule, "learningRateSchedule", errors);
        return errors;
    }
}
