using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments</c>: names, domains and token counts, then the tokenizer and corpus references.</summary>
public sealed class CreateExperimentRules(CorpusReferences references) : IRequestValidator<CreateExperimentRequest>
{
    public List<FieldError> Validate(CreateExperimentRequest request)
    {
        var errors = ExperimentValidator.Validate(request);
        errors.AddRange(CorpusReferenceValidator.Validate(request, references));
        return errors;
    }
}
