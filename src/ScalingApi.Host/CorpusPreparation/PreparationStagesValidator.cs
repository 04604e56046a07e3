using ScalingApi.Corpora.Preparation;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>The rules of the <c>stages</c> object of <c>POST /api/experiments/{id}/corpus-preparation</c>.</summary>
public static class PreparationStagesValidator
{
    public const int MaxLanguages = 100;
    public const int MaxNGram = 32;
    public const int MaxPermutations = DuplicateIndex.MaxPermutations;

    public static List<FieldError> Validate(PreparationStages? stages)
    {
        var errors = new List<FieldError>();
        if (stages is null)
        {
            errors.Add(new("stages", "is required: an object enabling at least one of language, quality, exactDedup, nearDedup"));
            return errors;
        }
        if (stages.Language is null && stages.Quality is null && stages.ExactDedup is null && stages.NearDedup is null)
            errors.Add(new("stages", "must enable at least one stage: language, quality, exactDedup or nearDedup"));
        if (stages.AcrossDomains && stages.ExactDedup is null && stages.NearDedup is null)
            errors.Add(new("stages.acrossDomains", "needs exactDedup or nearDedup: it deduplicates across domains"));
        if (stages.Language is { } language) Language(language, errors);
        if (stages.NearDedup is { } near) NearDedup(near, errors);
        return errors;
    }

    private static void Language(LanguageStage language, List<FieldError> errors)
    {
        const string field = "stages.language";
        if (language.Languages is not { Count: > 0 } languages)
            errors.Add(new($"{field}.languages", "must name at least one language (ISO 639-1 code such as \"en\")"));
        else if (languages.Count > MaxLanguages) errors.Add(new($"{field}.languages", $"at most {MaxLanguages} languages"));
        else
            for (var i = 0; i < languages.Count; i++)
                if (languages[i] is not { Length: 2 } code || !code.All(char.IsAsciiLetterLower))
                    errors.Add(new($"{field}.languages[{i}]", $"must be a two-letter lower-case ISO 639-1 code such as \"en\", not '{EchoedValue.Of(languages[i])}'"));
        if (!double.IsFinite(language.MinConfidence) || language.MinConfidence is < 0 or > 1)
            errors.Add(new($"{field}.minConfidence", "must be between 0 and 1"));
    }

    private static void NearDedup(NearDedupStage near, List<FieldError> errors)
    {
        const string field = "stages.nearDedup";
        if (near.NGram is < 1 or > MaxNGram) errors.Add(new($"{field}.nGram", $"must be between 1 and {MaxNGram} (words per shingle)"));
        if (near.Permutations is < 1 or > MaxPermutations) errors.Add(new($"{field}.permutations", $"must be between 1 and {MaxPermutations}"));
        else if (near.Bands < 1 || near.Permutations % near.Bands != 0)
            errors.Add(new($"{field}.bands", $"must be ≥ 1 and divide permutations ({near.Permutations}) into equal bands"));
        if (!double.IsFinite(near.Threshold) || near.Threshold is <= 0 or > 1)
            errors.Add(new($"{field}.threshold", "must be in (0, 1]: the Jaccard similarity from which a document is a near duplicate"));
    }
}
