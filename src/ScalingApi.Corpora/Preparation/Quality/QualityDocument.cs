namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>
/// A document cut once into what the quality filters measure: its non-blank lines, its whitespace-separated words
/// and their normalised forms. Built once per document and shared by every filter, so no filter splits the text again.
/// </summary>
internal sealed class QualityDocument
{
    private string[]? _normalisedWords;
    private NumberedWords? _contentWords;

    public QualityDocument(string text)
    {
        Text = text;
        Lines = SplitLines(text);
        Words = SplitWords(text);
    }

    public string Text { get; }

    /// <summary>Non-blank lines, without their line break and surrounding whitespace.</summary>
    public IReadOnlyList<Range> Lines { get; }

    /// <summary>Maximal runs of non-whitespace characters.</summary>
    public IReadOnlyList<Range> Words { get; }

    public ReadOnlySpan<char> Line(int index) => Text.AsSpan()[Lines[index]];

    public ReadOnlySpan<char> Word(int index) => Text.AsSpan()[Words[index]];

    /// <summary>Words case-folded, with leading and trailing punctuation and symbols removed and the Romanian
    /// cedilla letters (ş ţ) mapped to their comma-below forms (ș ț); a word of punctuation only becomes "".</summary>
    public IReadOnlyList<string> NormalisedWords => _normalisedWords ??= Normalise();

    /// <summary>The non-empty normalised words as small integers naming them in this document (equal words, equal
    /// ids), in order: lets the n-gram filters compare n-grams without building strings.</summary>
    public IReadOnlyList<int> ContentWords => (_contentWords ??= NumberContentWords()).Ids;

    /// <summary>Length of each of <see cref="ContentWords"/>.</summary>
    public IReadOnlyList<int> ContentWordLengths => (_contentWords ??= NumberContentWords()).Lengths;

    /// <summary>Characters of all <see cref="ContentWords"/> (the denominator of the n-gram fractions).</summary>
    public int ContentCharacters => (_contentWords ??= NumberContentWords()).Characters;

    private string[] Normalise()
    {
        var words = new string[Words.Count];
        for (var i = 0; i < words.Length; i++) words[i] = NormaliseWord(Word(i));
        return words;
    }

    internal static string NormaliseWord(ReadOnlySpan<char> word)
    {
        var start = 0;
        var end = word.Length;
        while (start < end && IsPunctuationOrSymbol(word[start])) start++;
        while (end > start && IsPunctuationOrSymbol(word[end - 1])) end--;
        if (start == end) return "";
        Span<char> folded = end - start <= 256 ? stackalloc char[end - start] : new char[end - start];
        word[start..end].ToLowerInvariant(folded);
        for (var i = 0; i < folded.Length; i++)
            folded[i] = folded[i] switch { 'ş' => 'ș', 'ţ' => 'ț', var c => c };
        return new string(folded);
    }

    private static bool IsPunctuationOrSymbol(char c) => char.IsPunctuation(c) || char.IsSymbol(c);

    private NumberedWords NumberContentWords()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        List<int> numbered = [], lengths = [];
        var characters = 0;
        foreach (var word in NormalisedWords)
        {
            if (word.Length == 0) continue;
            if (!ids.TryGetValue(word, out var id)) ids.Add(word, id = ids.Count);
            numbered.Add(id);
            lengths.Add(word.Length);
            characters += word.Length;
        }
        return new NumberedWords([.. numbered], [.. lengths], characters);
    }

    private sealed record NumberedWords(int[] Ids, int[] Lengths, int Characters);

    private static Range[] SplitLines(string text)
    {
        var lines = new List<Range>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var (from, to) = (start, end);
            while (from < to && char.IsWhiteSpace(text[from])) from++;
            while (to > from && char.IsWhiteSpace(text[to - 1])) to--;
            if (to > from) lines.Add(from..to);
            start = end + 1;
        }
        return [.. lines];
    }

    private static Range[] SplitWords(string text)
    {
        var words = new List<Range>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i > start) words.Add(start..i);
        }
        return [.. words];
    }
}
