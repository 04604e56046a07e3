namespace ScalingApi.Corpora.Synthetic;

/// <summary>
/// Builds planted duplicates for deduplication tests and benchmarks: exact copies that differ only in case and white
/// space, and near duplicates whose word n-gram Jaccard similarity to the original is controlled and computed exactly.
/// </summary>
public static class PlantedDuplicates
{
    /// <summary>The same text with some words upper-cased and some spaces widened to runs of spaces, tabs and line
    /// breaks: equal to the original after normalisation (case folded, white space collapsed).</summary>
    public static string ExactCopy(string text, Random random)
    {
        var copy = new System.Text.StringBuilder(text.Length + 64);
        if (random.Next(2) == 0) copy.Append("  \n");
        var upper = false;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                upper = random.Next(10) == 0;
                copy.Append(random.Next(8) switch { 0 => "  ", 1 => "\t", 2 => " \n ", _ => " " });
            }
            else copy.Append(upper ? char.ToUpperInvariant(c) : c);
        }
        if (random.Next(2) == 0) copy.Append(" \t");
        return copy.ToString();
    }

    /// <summary>A variant of <paramref name="words"/> with the words at the first m of a random order of positions
    /// replaced by words from <paramref name="draw"/>, m ≥ 1 chosen (by bisection: the similarity falls as m grows) so its
    /// n-gram Jaccard similarity to the original is the closest to <paramref name="target"/>; returns it with that
    /// exact Jaccard.</summary>
    public static (string[] Words, double Jaccard) NearCopy(IReadOnlyList<string> words, double target, int n,
        Func<string> draw, Random random)
    {
        var original = words.ToArray();
        var shingles = Shingles(original, n);
        var positions = Enumerable.Range(0, original.Length).OrderBy(_ => random.Next()).ToArray();
        var replacements = positions.Select(p =>
        {
            string word;
            do word = draw(); while (word == original[p]);
            return word;
        }).ToArray();
        (string[] Words, double Jaccard) Replace(int m)
        {
            var variant = original.ToArray();
            for (var k = 0; k < m; k++) variant[positions[k]] = replacements[k];
            return (variant, Jaccard(shingles, Shingles(variant, n)));
        }
        // at least one word changes; then J(low) > target and J(high) <= target (unless no m reaches the target)
        var one = Replace(1);
        if (one.Jaccard <= target) return one;
        int low = 1, high = original.Length;
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (Replace(middle).Jaccard <= target) high = middle; else low = middle;
        }
        var above = Replace(low);
        var below = Replace(high);
        return below.Jaccard <= target && target - below.Jaccard <= above.Jaccard - target ? below : above;
    }

    /// <summary>The set of word n-grams (a text of fewer than n words is one n-gram of all its words).</summary>
    public static HashSet<string> Shingles(string[] words, int n)
    {
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        if (words.Length < n) shingles.Add(string.Join(' ', words));
        for (var i = 0; i + n <= words.Length; i++) shingles.Add(string.Join(' ', words, i, n));
        return shingles;
    }

    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var intersection = a.Count(b.Contains);
        var union = a.Count + b.Count - intersection;
        return union == 0 ? 1 : (double)intersection / union;
    }
}
