using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/leases/{leaseId}/complete</c>: the compute spent is non-negative and finite.</summary>
public sealed class LeaseCompletionRules : IRequestValidator<LeaseCompletion>
{
    public List<FieldError> Validate(LeaseCompletion completion)
    {
        var errors = new List<FieldError>();
        FieldRules.NonNegativeFinite(completion.DeviceSeconds, "deviceSeconds", errors);
        if (completion.Tokens < 0) errors.Add(new("tokens", "must be ≥ 0"));
        return errors;
    }
}
