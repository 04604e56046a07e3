using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/leases/{leaseId}/embeddings</c>: non-empty finite vectors of one length, a layer and a window count;
/// one vector per domain of the experiment is checked by the service.</summary>
public sealed class DomainEmbeddingsRules : IRequestValidator<DomainEmbeddings>
{
    public List<FieldError> Validate(DomainEmbeddings embeddings)
    {
        var errors = new List<FieldError>();
        var vectors = embeddings.Embeddings?.Values.ToList();
        if (vectors is null || vectors.Count == 0) errors.Add(new("embeddings", "is required: one vector for each domain"));
        else if (vectors.Any(v => v is null || v.Length == 0) || vectors.Select(v => v.Length).Distinct().Count() != 1)
            errors.Add(new("embeddings", "vectors must be non-empty and all of the same length"));
        else if (vectors.Any(v => v.Any(x => !double.IsFinite(x)))) errors.Add(new("embeddings", "must be finite numbers"));
        if (embeddings.Layer < 0) errors.Add(new("layer", "must be ≥ 0"));
        if (embeddings.Windows < 1) errors.Add(new("windows", "must be ≥ 1"));
        return errors;
    }
}
