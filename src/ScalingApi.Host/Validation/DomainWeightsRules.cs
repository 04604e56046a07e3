using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/leases/{leaseId}/domain-weights</c>: a step ≥ 1 and two distributions; the sweep's steps and the domain names are checked by the service.</summary>
public sealed class DomainWeightsRules : IRequestValidator<DomainWeightsPoint>
{
    /// <summary>A worker's weights are a softmax in doubles: they sum to 1 far tighter than a client's typed mixture.</summary>
    public const double SumTolerance = 1e-6;

    public List<FieldError> Validate(DomainWeightsPoint point)
    {
        var errors = new List<FieldError>();
        if (point.Step < 1) errors.Add(new("step", "must be ≥ 1"));
        Distribution(point.Weights, "weights", errors);
        Distribution(point.Average, "average", errors);
        return errors;
    }

    private static void Distribution(IReadOnlyDictionary<string, double>? weights, string field, List<FieldError> errors)
    {
        if (weights is null || weights.Count == 0) errors.Add(new(field, "is required: one weight for each domain"));
        else if (weights.Values.Any(w => !double.IsFinite(w) || w < 0) || Math.Abs(weights.Values.Sum() - 1) > SumTolerance)
            errors.Add(new(field, "must be finite, ≥ 0 and sum to 1"));
    }
}
