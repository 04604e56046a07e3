namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"mean-word-length": words too short on average (symbol soup, tokens) or too long (URLs, hashes, base64).
/// Punctuation around words is not counted; a document without a word has mean 0.</summary>
internal sealed class MeanWordLengthFilter(double? min, double? max) : IQualityFilter
{
    public string Name => "mean-word-length";

    public bool Rejects(QualityDocument document)
    {
        var mean = document.ContentWords.Count == 0 ? 0 : (double)document.ContentCharacters / document.ContentWords.Count;
        return mean < (min ?? double.NegativeInfinity) || mean > (max ?? double.PositiveInfinity);
    }
}
