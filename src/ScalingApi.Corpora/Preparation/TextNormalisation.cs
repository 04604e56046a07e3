namespace ScalingApi.Corpora.Preparation;

/// <summary>
/// The normal form both deduplication stages compare: invariant lower case (<see cref="string.ToLowerInvariant"/>'s
/// simple case mapping, so the length does not change), every run of white space (<see cref="char.IsWhiteSpace"/>)
/// collapsed to one space, leading and trailing space removed. Words, for MinHash shingles, are the maximal runs of
/// letters and decimal digits (<see cref="char.IsLetterOrDigit"/>) of that form: punctuation separates words and is
/// otherwise ignored.
/// </summary>
internal static class TextNormalisation
{
    /// <summary>Writes the normal form of <paramref name="text"/> into <paramref name="destination"/> (at least as
    /// long as the text) and returns its length.</summary>
    public static int Normalise(ReadOnlySpan<char> text, Span<char> destination)
    {
        var lowered = text.ToLowerInvariant(destination);
        var written = 0;
        var pendingSpace = false;
        for (var i = 0; i < lowered; i++)
        {
            var c = destination[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = written > 0;
                continue;
            }
            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }
            destination[written++] = c;
        }
        return written;
    }

    /// <summary>The normal form as a string (tests and small inputs).</summary>
    public static string Normalise(string text)
    {
        var buffer = new char[text.Length];
        return new string(buffer, 0, Normalise(text, buffer));
    }

    public static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c);
}
