namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"ellipsis-lines": many lines end in an ellipsis (truncated previews of other pages).</summary>
internal sealed class EllipsisLinesFilter(double maxFraction) : IQualityFilter
{
    public string Name => "ellipsis-lines";

    public bool Rejects(QualityDocument document) =>
        LineEndings.FractionOfLines(document, LineEndings.EndsWithEllipsis) > maxFraction;
}
