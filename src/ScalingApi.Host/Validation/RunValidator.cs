using ScalingApi.Contracts;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

public static class RunValidator
{
    /// <returns>The errors, and the mixture in domain order when valid.</returns>
    public static (List<FieldError> Errors, double[]? Proportions) Validate(CreateRunRequest request, IReadOnlyList<string> domains)
    {
        var errors = new List<FieldError>();
        FieldRules.Name(request.Name, "name", errors);
        FieldRules.PositiveFinite(request.TokensPerStep, "tokensPerStep", errors);
        FieldRules.PositiveFinite(request.Parameters, "parameters", errors);
        var proportions = MixtureValidator.Validate(request.Mixture, domains, "mixture", errors);
        return (errors, proportions);
    }
}
