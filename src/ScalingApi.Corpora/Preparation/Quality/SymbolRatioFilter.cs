namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"symbol-ratio": hash signs per word, or ellipses ("..." or "…") per word, above the limit: hashtag
/// lists and truncated teasers. Each symbol is compared with the words on its own, as Gopher does.</summary>
internal sealed class SymbolRatioFilter(double maxRatio) : IQualityFilter
{
    public string Name => "symbol-ratio";

    public bool Rejects(QualityDocument document)
    {
        var text = document.Text.AsSpan();
        var hashes = text.Count('#');
        var ellipses = text.Count('…') + text.Count("...");
        var words = Math.Max(document.Words.Count, 1);
        return (double)hashes / words > maxRatio || (double)ellipses / words > maxRatio;
    }
}
