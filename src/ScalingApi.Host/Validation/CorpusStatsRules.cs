using ScalingApi.Contracts;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Validation;

/// <summary><c>POST /api/experiments/{id}/corpus-stats</c>: a tokenizer the catalog knows (or none: the experiment's).</summary>
public sealed class CorpusStatsRules : IRequestValidator<StartCorpusStatsRequest>
{
    public List<FieldError> Validate(StartCorpusStatsRequest request)
    {
        var errors = new List<FieldError>();
        FieldRules.Tokenizer(request.Tokenizer, "tokenizer", errors);
        return errors;
    }
}
