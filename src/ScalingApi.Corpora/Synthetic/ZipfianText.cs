namespace ScalingApi.Corpora.Synthetic;

/// <summary>
/// A word-level text source for deduplication tests and benchmarks: a vocabulary of distinct random lower-case words
/// (2–10 letters) drawn with Zipfian frequencies (rank r has weight r^-exponent), so documents share common words
/// the way natural text does but two independent documents share almost no word 5-grams. Deterministic for a seed.
/// </summary>
public sealed class ZipfianText
{
    private readonly string[] _words;
    private readonly double[] _cumulative;

    public ZipfianText(int vocabulary, double exponent, int seed)
    {
        if (vocabulary < 1) throw new ArgumentOutOfRangeException(nameof(vocabulary), "At least one word.");
        var random = new Random(seed);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        _words = new string[vocabulary];
        for (var i = 0; i < vocabulary; i++)
        {
            string word;
            do word = string.Create(random.Next(2, 11), random, static (span, r) =>
            {
                for (var k = 0; k < span.Length; k++) span[k] = (char)('a' + r.Next(26));
            });
            while (!distinct.Add(word));
            _words[i] = word;
        }
        _cumulative = new double[vocabulary];
        var total = 0.0;
        for (var i = 0; i < vocabulary; i++) _cumulative[i] = total += Math.Pow(i + 1, -exponent);
        for (var i = 0; i < vocabulary; i++) _cumulative[i] /= total;
    }

    public string NextWord(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return _words[Math.Min(index < 0 ? ~index : index, _words.Length - 1)];
    }

    public string[] NextWords(Random random, int count)
    {
        var words = new string[count];
        for (var i = 0; i < count; i++) words[i] = NextWord(random);
        return words;
    }

    /// <summary>Words as a document: sentences of 8–20 words, each on its own line, ending with a full stop.</summary>
    public static string Format(IReadOnlyList<string> words, Random random)
    {
        var text = new System.Text.StringBuilder(words.Count * 8);
        var sentenceEnd = random.Next(8, 21);
        for (var i = 0; i < words.Count; i++)
        {
            text.Append(words[i]);
            if (i == words.Count - 1) text.Append('.');
            else if (i == sentenceEnd) { text.Append(".\n"); sentenceEnd += random.Next(8, 21); }
            else text.Append(' ');
        }
        return text.ToString();
    }
}
