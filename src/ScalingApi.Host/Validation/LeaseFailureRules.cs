using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/leases/{leaseId}/fail</c>: the worker says why.</summary>
public sealed class LeaseFailureRules : IRequestValidator<LeaseFailure>
{
    public List<FieldError> Validate(LeaseFailure failure)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(failure.Error)) errors.Add(new("error", "is required and must not be blank"));
        return errors;
    }
}
