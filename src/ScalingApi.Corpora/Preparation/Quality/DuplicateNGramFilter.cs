namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"duplicate-ngrams": for some n, the words inside second and later occurrences of repeated word
/// n-grams hold too large a share of the characters (each word counted once, however many repeats cover it).</summary>
internal sealed class DuplicateNGramFilter(IReadOnlyDictionary<int, double> maxFractionByN) : NGramFractionFilter(maxFractionByN)
{
    public override string Name => "duplicate-ngrams";

    protected override double Fraction(QualityDocument document, int n) => DuplicateFraction(document, n);

    internal static double DuplicateFraction(QualityDocument document, int n)
    {
        var words = document.ContentWords;
        if (words.Count < n || document.ContentCharacters == 0) return 0;
        var seen = new HashSet<ulong>();
        var covered = new bool[words.Count];
        var duplicateCharacters = 0;
        for (var start = 0; start + n <= words.Count; start++)
        {
            if (seen.Add(WordNGrams.Key(words, start, n))) continue;
            for (var i = start; i < start + n; i++)
            {
                if (covered[i]) continue;
                covered[i] = true;
                duplicateCharacters += document.ContentWordLengths[i];
            }
        }
        return (double)duplicateCharacters / document.ContentCharacters;
    }
}
