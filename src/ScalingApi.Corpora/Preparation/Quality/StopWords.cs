namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>
/// Per-language stop-word lists for the "stop-words" filter, in normalised form (lower case, comma-below ș ț).
/// English is Gopher's list; the others are the most frequent function words of each language, chosen the same
/// way (short, present in almost any sentence of running text, absent from tables and keyword lists).
/// </summary>
public static class StopWords
{
    private static readonly Dictionary<string, string[]> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = ["the", "be", "to", "of", "and", "that", "have", "with"],
        ["ro"] = ["și", "în", "de", "la", "cu", "pe", "că", "care", "este", "nu", "din", "pentru", "mai", "sunt"],
        ["de"] = ["der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "sich", "auf"],
        ["fr"] = ["le", "la", "les", "de", "et", "est", "que", "une", "des", "du", "pour", "dans"],
    };

    /// <summary>ISO 639-1 codes that have a list.</summary>
    public static IReadOnlyCollection<string> Languages => ByLanguage.Keys;

    public static bool Has(string language) => ByLanguage.ContainsKey(language);

    /// <summary>The union of the lists of <paramref name="languages"/>; an unknown code is an <see cref="ArgumentException"/>.</summary>
    public static IReadOnlySet<string> For(IEnumerable<string> languages)
    {
        var union = new HashSet<string>(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            if (!ByLanguage.TryGetValue(language, out var words))
                throw new ArgumentException(
                    $"No stop-word list for '{language}' (known: {string.Join(", ", ByLanguage.Keys)}).", nameof(languages));
            union.UnionWith(words);
        }
        return union;
    }
}
