namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"blocklist": the document contains a listed word (compared after the same normalisation as the
/// document's words: case, surrounding punctuation, Romanian cedillas).</summary>
internal sealed class BlocklistFilter : IQualityFilter
{
    private readonly HashSet<string> _blocked;

    public BlocklistFilter(IEnumerable<string> blocklist)
    {
        _blocked = new HashSet<string>(blocklist.Select(w => QualityDocument.NormaliseWord(w)), StringComparer.Ordinal);
        _blocked.Remove("");
    }

    public string Name => "blocklist";

    public bool Rejects(QualityDocument document)
    {
        foreach (var word in document.NormalisedWords)
            if (_blocked.Contains(word)) return true;
        return false;
    }
}
