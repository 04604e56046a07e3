using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/sweeps/{id}/leases</c>: a worker names itself; a task index is never negative.</summary>
public sealed class LeaseRequestRules : IRequestValidator<LeaseRequest>
{
    public List<FieldError> Validate(LeaseRequest request)
    {
        var errors = new List<FieldError>();
        FieldRules.Name(request.WorkerId, "workerId", errors);
        if (request.TaskIndex is < 0) errors.Add(new("taskIndex", "must be ≥ 0"));
        return errors;
    }
}
