namespace ScalingApi.Corpora;

/// <summary>Bound from the <c>Corpora</c> configuration section.</summary>
public sealed class CorporaOptions
{
    public const string SectionName = "Corpora";

    /// <summary>Directories a corpus reference may point into. Anything resolving elsewhere is refused.</summary>
    public IReadOnlyList<string> Roots { get; set; } = [];
}
