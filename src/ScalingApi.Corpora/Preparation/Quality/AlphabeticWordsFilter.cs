namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"alphabetic-words": too few words contain a letter (numbers, tables, code, markup).</summary>
internal sealed class AlphabeticWordsFilter(double minFraction) : IQualityFilter
{
    public string Name => "alphabetic-words";

    public bool Rejects(QualityDocument document)
    {
        if (document.Words.Count == 0) return true;
        var alphabetic = 0;
        for (var i = 0; i < document.Words.Count; i++)
            if (HasLetter(document.Word(i))) alphabetic++;
        return (double)alphabetic / document.Words.Count < minFraction;
    }

    private static bool HasLetter(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
            if (char.IsLetter(c)) return true;
        return false;
    }
}
