namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>How a line starts or ends, shared by the line-shape filters.</summary>
internal static class LineEndings
{
    // C4: a period, exclamation mark, question mark or end quotation mark
    private const string TerminalPunctuation = ".!?\"”»'’";
    private const string Bullets = "•‣⁃◦●○■□▪▫–-*";

    public static bool EndsWithTerminalPunctuation(ReadOnlySpan<char> line) =>
        !line.IsEmpty && TerminalPunctuation.Contains(line[^1]) && !EndsWithEllipsis(line);

    public static bool EndsWithEllipsis(ReadOnlySpan<char> line) => line.EndsWith("...") || line.EndsWith("…");

    public static bool StartsWithBullet(ReadOnlySpan<char> line) => !line.IsEmpty && Bullets.Contains(line[0]);

    /// <summary>Fraction of the document's lines that satisfy <paramref name="test"/> (0 for a document without lines).</summary>
    public static double FractionOfLines(QualityDocument document, LineTest test)
    {
        if (document.Lines.Count == 0) return 0;
        var matching = 0;
        for (var i = 0; i < document.Lines.Count; i++)
            if (test(document.Line(i))) matching++;
        return (double)matching / document.Lines.Count;
    }

    public delegate bool LineTest(ReadOnlySpan<char> line);
}
