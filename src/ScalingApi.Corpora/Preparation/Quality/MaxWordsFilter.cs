namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"max-words": so many words that the document is a dump (logs, tables, concatenated pages).</summary>
internal sealed class MaxWordsFilter(int maxWords) : IQualityFilter
{
    public string Name => "max-words";

    public bool Rejects(QualityDocument document) => document.Words.Count > maxWords;
}
