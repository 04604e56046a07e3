namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"min-words": too few words to be prose (menus, captions, error pages).</summary>
internal sealed class MinWordsFilter(int minWords) : IQualityFilter
{
    public string Name => "min-words";

    public bool Rejects(QualityDocument document) => document.Words.Count < minWords;
}
