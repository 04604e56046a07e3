using ScalingApi.Contracts;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments/{id}/mixtures</c>: a name usable in a URL, and exactly one of a mixture summing to 1 or a kind to freeze;
/// the mixture's domain names, and whether the kind can be computed, are checked by the service.</summary>
public sealed class SaveMixtureRules : IRequestValidator<SaveMixtureRequest>
{
    public List<FieldError> Validate(SaveMixtureRequest request)
    {
        var errors = new List<FieldError>();
        FieldRules.Name(request.Name, "name", errors);
        // the name is a URL segment of /mixtures/saved/{name}
        if (request.Name is not null && request.Name.IndexOfAny(['/', '\\', '?', '#']) >= 0)
            errors.Add(new("name", "must not contain '/', '\\', '?' or '#' (it is part of the mixture's URL)"));
        if ((request.Mixture is null) == (request.From is null))
            errors.Add(new("mixture", "give exactly one of 'mixture' (domain → proportion) and 'from' ({kind, temperature?})"));
        else if (request.Mixture is not null) MixtureValidator.Values(request.Mixture, "mixture", errors);
        else MixtureKinds.Validate(request.From!.Kind, request.From.Temperature, request.From.Tokenizer, "from.", errors);
        return errors;
    }
}
