namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>A repetition filter measured per n-gram length: the document is rejected when, for any configured n,
/// its fraction (of word characters) exceeds that n's limit.</summary>
internal abstract class NGramFractionFilter(IReadOnlyDictionary<int, double> maxFractionByN) : IQualityFilter
{
    public abstract string Name { get; }

    public bool Rejects(QualityDocument document)
    {
        foreach (var (n, maxFraction) in maxFractionByN)
            if (Fraction(document, n) > maxFraction) return true;
        return false;
    }

    /// <summary>The measured fraction for word n-grams of length <paramref name="n"/>; 0 when there are fewer than n words.</summary>
    public double Fraction(QualityDocument document, int n) =>
        document.ContentWords.Count < n || document.ContentCharacters == 0 ? 0 : Measure(document, n);

    /// <summary>The fraction, for a document with at least <paramref name="n"/> words.</summary>
    protected abstract double Measure(QualityDocument document, int n);
}
