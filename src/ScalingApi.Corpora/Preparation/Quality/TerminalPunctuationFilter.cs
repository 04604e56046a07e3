namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"terminal-punctuation": too few lines end like a sentence (navigation, lists of links, tables).</summary>
internal sealed class TerminalPunctuationFilter(double minFraction) : IQualityFilter
{
    public string Name => "terminal-punctuation";

    public bool Rejects(QualityDocument document) =>
        LineEndings.FractionOfLines(document, LineEndings.EndsWithTerminalPunctuation) < minFraction;
}
