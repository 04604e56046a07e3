namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"stop-words": fewer than the minimum number of distinct stop words: text without the glue words of
/// running prose is a list, a table or keyword spam, whatever its language.</summary>
internal sealed class StopWordsFilter(int minStopWords, IReadOnlySet<string> stopWords) : IQualityFilter
{
    public string Name => "stop-words";

    public bool Rejects(QualityDocument document)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in document.NormalisedWords)
            if (stopWords.Contains(word) && found.Add(word) && found.Count >= minStopWords) return false;
        return found.Count < minStopWords;
    }
}
