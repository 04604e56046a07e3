namespace ScalingApi.Corpora;

/// <summary>Bound from the <c>Corpora</c> configuration section.</summary>
public sealed class CorporaOptions
{
    public const string SectionName = "Corpora";

    /// <summary>Directories a corpus reference may point into. Anything resolving elsewhere is refused.</summary>
    public IReadOnlyList<string> Roots { get; set; } = [];

    /// <summary>Where corpus preparation jobs write their shards: one of the <see cref="Roots"/> or a folder inside
    /// one (a prepared domain is then referenced relative to that root). Null: <c>.prepared</c> inside the first root.</summary>
    public string? PreparedRoot { get; set; }
}
