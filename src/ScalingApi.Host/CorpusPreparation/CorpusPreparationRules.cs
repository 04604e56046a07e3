using ScalingApi.Contracts;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Validation;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary><c>POST /api/experiments/{id}/corpus-preparation</c>: the stages and their thresholds, and a domain list without
/// blanks or repeats; whether the domains exist and have a corpus is checked by the service.</summary>
public sealed class CorpusPreparationRules : IRequestValidator<StartCorpusPreparationRequest>
{
    public List<FieldError> Validate(StartCorpusPreparationRequest request)
    {
        var errors = PreparationStagesValidator.Validate(request.Stages);
        if (request.Domains is not { } names) return errors;
        if (names.Count == 0) errors.Add(new("domains", "must name at least one domain (omit it to prepare every domain with a corpus)"));
        var seen = new HashSet<string>();
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] is null) errors.Add(new($"domains[{i}]", "must be a domain name"));
            else if (!seen.Add(names[i])) errors.Add(new($"domains[{i}]", $"duplicate domain '{EchoedValue.Of(names[i])}'"));
        }
        return errors;
    }
}
