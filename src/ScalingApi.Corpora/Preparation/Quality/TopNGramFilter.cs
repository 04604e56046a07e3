namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"top-ngrams": for some n, the most frequent word n-gram (occurring at least twice) covers too large a
/// share of the characters: count × its characters ÷ all word characters (a phrase repeated over and over).</summary>
internal sealed class TopNGramFilter(IReadOnlyDictionary<int, double> maxFractionByN) : NGramFractionFilter(maxFractionByN)
{
    public override string Name => "top-ngrams";

    protected override double Fraction(QualityDocument document, int n) => TopFraction(document, n);

    internal static double TopFraction(QualityDocument document, int n)
    {
        var words = document.ContentWords;
        if (words.Count < n || document.ContentCharacters == 0) return 0;
        var counts = new Dictionary<ulong, int>();
        int topCount = 0, topStart = 0;
        for (var start = 0; start + n <= words.Count; start++)
        {
            var key = WordNGrams.Key(words, start, n);
            var count = counts[key] = counts.GetValueOrDefault(key) + 1;
            // strictly greater: ties go to the n-gram that reached the count first, so the answer is deterministic
            if (count > topCount) (topCount, topStart) = (count, start);
        }
        if (topCount < 2) return 0;
        return (double)topCount * WordNGrams.Characters(document.ContentWordLengths, topStart, n) / document.ContentCharacters;
    }
}
