namespace ScalingApi.Corpora.Preparation.Quality;

/// <summary>"bullet-lines": nearly every line is a bullet point (menus, link lists).</summary>
internal sealed class BulletLinesFilter(double maxFraction) : IQualityFilter
{
    public string Name => "bullet-lines";

    public bool Rejects(QualityDocument document) =>
        LineEndings.FractionOfLines(document, LineEndings.StartsWithBullet) > maxFraction;
}
