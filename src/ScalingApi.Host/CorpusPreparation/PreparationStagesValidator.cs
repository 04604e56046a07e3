using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Preparation.Language;
using ScalingApi.Corpora.Preparation.Quality;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>The rules of the <c>stages</c> object of <c>POST /api/experiments/{id}/corpus-preparation</c>.</summary>
public static class PreparationStagesValidator
{
    public const int MaxLanguages = 100;
    public const int MaxNGram = 32;
    public const int MaxPermutations = DuplicateIndex.MaxPermutations;
    public const int MaxSampleCharacters = 1_000_000;
    public const int MaxBlocklist = 100_000;

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
        if (stages.Quality is { } quality) Quality(quality, errors);
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
                if (languages[i] is not { Length: 2 } code || !code.All(char.IsAsciiLetterLower) || !LanguageIdentifier.IsSupported(code))
                    errors.Add(new($"{field}.languages[{i}]", $"must be a two-letter lower-case ISO 639-1 code of a language the detector knows (such as \"en\", \"ro\"), not '{EchoedValue.Of(languages[i])}'"));
        Fraction(language.MinConfidence, $"{field}.minConfidence", errors);
        if (language.SampleCharacters is < 1 or > MaxSampleCharacters)
            errors.Add(new($"{field}.sampleCharacters", $"must be between 1 and {MaxSampleCharacters}"));
    }

    private static void Quality(QualityStage quality, List<FieldError> errors)
    {
        const string field = "stages.quality";
        if (quality.MinWords is < 0) errors.Add(new($"{field}.minWords", "must be ≥ 0"));
        if (quality.MaxWords is < 1) errors.Add(new($"{field}.maxWords", "must be ≥ 1"));
        if (quality.MinWords > quality.MaxWords) errors.Add(new($"{field}.minWords", "must be at most maxWords"));
        NonNegative(quality.MinMeanWordLength, $"{field}.minMeanWordLength", errors);
        NonNegative(quality.MaxMeanWordLength, $"{field}.maxMeanWordLength", errors);
        if (quality.MinMeanWordLength > quality.MaxMeanWordLength) errors.Add(new($"{field}.minMeanWordLength", "must be at most maxMeanWordLength"));
        NonNegative(quality.MaxSymbolToWordRatio, $"{field}.maxSymbolToWordRatio", errors);
        Fraction(quality.MinAlphabeticWordFraction, $"{field}.minAlphabeticWordFraction", errors);
        Fraction(quality.MinTerminalPunctuationLineFraction, $"{field}.minTerminalPunctuationLineFraction", errors);
        Fraction(quality.MaxBulletLineFraction, $"{field}.maxBulletLineFraction", errors);
        Fraction(quality.MaxEllipsisLineFraction, $"{field}.maxEllipsisLineFraction", errors);
        Fraction(quality.MaxDuplicateLineFraction, $"{field}.maxDuplicateLineFraction", errors);
        Fraction(quality.MaxDuplicateLineCharacterFraction, $"{field}.maxDuplicateLineCharacterFraction", errors);
        NGramFractions(quality.MaxTopNGramCharacterFraction, $"{field}.maxTopNGramCharacterFraction", errors);
        NGramFractions(quality.MaxDuplicateNGramCharacterFraction, $"{field}.maxDuplicateNGramCharacterFraction", errors);
        if (quality.MinStopWords is < 0) errors.Add(new($"{field}.minStopWords", "must be ≥ 0"));
        if (quality.StopWordLanguages is null) errors.Add(new($"{field}.stopWordLanguages", "must be a list (empty: no stop-word lists)"));
        else
            for (var i = 0; i < quality.StopWordLanguages.Count; i++)
                if (quality.StopWordLanguages[i] is not { } code || !StopWords.Has(code))
                    errors.Add(new($"{field}.stopWordLanguages[{i}]", $"unknown stop-word list '{EchoedValue.Of(quality.StopWordLanguages[i])}'; known: {string.Join(", ", StopWords.Languages.Order())}"));
        if (quality.Blocklist is null) errors.Add(new($"{field}.blocklist", "must be a list (empty: no blocklist)"));
        else if (quality.Blocklist.Count > MaxBlocklist) errors.Add(new($"{field}.blocklist", $"at most {MaxBlocklist} words"));
        else
            for (var i = 0; i < quality.Blocklist.Count; i++)
                if (string.IsNullOrWhiteSpace(quality.Blocklist[i])) errors.Add(new($"{field}.blocklist[{i}]", "must not be blank"));
    }

    private static void NGramFractions(IReadOnlyDictionary<int, double>? byN, string field, List<FieldError> errors)
    {
        if (byN is null) return;
        foreach (var (n, fraction) in byN)
        {
            if (n is < 1 or > MaxNGram) errors.Add(new($"{field}.{n}", $"n must be between 1 and {MaxNGram}"));
            Fraction(fraction, $"{field}.{n}", errors);
        }
    }

    private static void Fraction(double? value, string field, List<FieldError> errors)
    {
        if (value is { } v && (!double.IsFinite(v) || v is < 0 or > 1)) errors.Add(new(field, "must be between 0 and 1"));
    }

    private static void NonNegative(double? value, string field, List<FieldError> errors)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0)) errors.Add(new(field, "must be a finite number ≥ 0"));
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
