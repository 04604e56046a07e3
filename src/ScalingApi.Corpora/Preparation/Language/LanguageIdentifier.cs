using Lingua;
using LinguaLanguage = Lingua.Language;

namespace ScalingApi.Corpora.Preparation.Language;

/// <summary>
/// The language stage: identifies a document's most likely language with Lingua (SearchPioneer.Lingua, a port of
/// Lingua's n-gram models trained on the Leipzig Wortschatz corpora) and says why a document is not kept.
/// The detector is built once per stage and is thread-safe; Lingua loads each language's models lazily on first
/// need and shares them across detectors for the life of the process.
/// </summary>
public sealed class LanguageIdentifier
{
    /// <summary>Stable filter names of the language stage, in the order a document is checked.</summary>
    public const string OtherLanguage = "other-language";
    public const string LowConfidence = "low-confidence";

    // The distractors: frequent web languages (and Romanian's neighbours) always among the candidates, so
    // "keep English" does not keep a German page because English was the closest of the languages it knew.
    private static readonly string[] FrequentLanguages =
        ["en", "de", "fr", "es", "it", "pt", "nl", "ro", "hu", "pl", "ru", "uk", "bg", "tr", "sv", "cs"];

    private readonly LanguageDetector _detector;
    private readonly HashSet<string> _kept;
    private readonly LanguageStage _stage;

    public LanguageIdentifier(LanguageStage stage)
    {
        if (stage.SampleCharacters < 1)
            throw new ArgumentException($"Language.SampleCharacters must be at least 1 (was {stage.SampleCharacters}).", nameof(stage));
        _stage = stage;
        _kept = [.. stage.Languages.Select(Parse).Select(IsoCode)];
        var builder = LanguageDetectorBuilder.FromLanguages([.. Candidates(stage.Languages).Select(Parse)]);
        _detector = (stage.HighAccuracy ? builder : builder.WithLowAccuracyMode()).Build();
    }

    /// <summary>Whether Lingua knows the ISO 639-1 code (for request validation).</summary>
    public static bool IsSupported(string isoCode) =>
        Enum.TryParse<IsoCode6391>(isoCode, ignoreCase: true, out var code) && Enum.IsDefined(code)
        && LanguageInfo.GetByIsoCode6391(code) != LinguaLanguage.Unknown;

    /// <summary>The languages the detector chooses among: the kept ones and the frequent distractors.</summary>
    public static IReadOnlyList<string> Candidates(IEnumerable<string> kept) =>
        [.. kept.Select(c => c.ToLowerInvariant()).Concat(FrequentLanguages).Distinct()];

    /// <summary>The most likely language (ISO 639-1, lower case) of the document's opening and its confidence
    /// (0 to 1); null and 0 when nothing in the text is language (digits, symbols).</summary>
    public (string? Language, double Confidence) Identify(string text)
    {
        // the maximum taken here rather than the dictionary's first entry, whose order is not part of Lingua's contract
        (LinguaLanguage Language, double Confidence) top = (LinguaLanguage.Unknown, 0);
        foreach (var (language, confidence) in _detector.ComputeLanguageConfidenceValues(Sample(text, _stage.SampleCharacters)))
            if (confidence > top.Confidence) top = (language, confidence);
        return top.Confidence > 0 ? (IsoCode(top.Language), top.Confidence) : (null, 0);
    }

    /// <summary>Why the document is not kept (<see cref="OtherLanguage"/> or <see cref="LowConfidence"/>), or null.</summary>
    public string? Rejection(string text)
    {
        var (language, confidence) = Identify(text);
        if (language is null) return LowConfidence;
        if (!_kept.Contains(language)) return OtherLanguage;
        return confidence >= _stage.MinConfidence ? null : LowConfidence;
    }

    private static string IsoCode(LinguaLanguage language) => LanguageInfo.IsoCode6391(language).ToString().ToLowerInvariant();

    private static LinguaLanguage Parse(string isoCode) =>
        IsSupported(isoCode)
            ? LanguageInfo.GetByIsoCode6391(Enum.Parse<IsoCode6391>(isoCode, ignoreCase: true))
            : throw new ArgumentException($"'{isoCode}' is not an ISO 639-1 code Lingua knows.", nameof(isoCode));

    /// <summary>The first <paramref name="characters"/> characters, cut back to the last whitespace so no word is
    /// split (a word's broken tail would read as another language's n-grams).</summary>
    internal static string Sample(string text, int characters)
    {
        if (text.Length <= characters) return text;
        var cut = text.AsSpan(0, characters).LastIndexOfAny(' ', '\n', '\t');
        return text[..(cut > 0 ? cut : characters)];
    }
}
