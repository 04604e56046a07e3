using ScalingApi.Contracts;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

public static class ExperimentValidator
{
    public const int MaxDomains = 1000;

    public static List<FieldError> Validate(CreateExperimentRequest request)
    {
        var errors = new List<FieldError>();
        FieldRules.Name(request.Name, "name", errors);
        FieldRules.PositiveFinite(request.TokensPerStep, "tokensPerStep", errors);
        if (request.Domains is null || request.Domains.Count == 0)
        {
            errors.Add(new("domains", "is required: at least one domain"));
            return errors;
        }
        if (request.Domains.Count > MaxDomains) errors.Add(new("domains", $"at most {MaxDomains} domains"));
        var seen = new HashSet<string>();
        for (var i = 0; i < request.Domains.Count; i++)
        {
            var domain = request.Domains[i];
            if (domain is null) { errors.Add(new($"domains[{i}]", "must be an object {name, tokens?}")); continue; }
            FieldRules.Name(domain.Name, $"domains[{i}].name", errors);
            if (domain.Name is not null && !seen.Add(domain.Name)) errors.Add(new($"domains[{i}].name", $"duplicate domain name '{domain.Name}'"));
            FieldRules.PositiveFinite(domain.Tokens, $"domains[{i}].tokens", errors);
        }
        return errors;
    }
}
