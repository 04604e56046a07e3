using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments/{id}/fits</c>: law, objective, bootstrap within Limits:MaxBootstrap, hold-out, run selection.</summary>
public sealed class CreateFitRules(IOptions<LimitsOptions> limits) : IRequestValidator<CreateFitRequest>
{
    public List<FieldError> Validate(CreateFitRequest request) => FitRequestValidator.Validate(request, limits.Value.MaxBootstrap);
}
