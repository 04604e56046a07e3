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

    protected abstract double Fraction(QualityDocument document, int n);
}
