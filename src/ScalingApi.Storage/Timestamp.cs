namespace ScalingApi.Storage;

internal static class Timestamp
{
    /// <summary>UTC, round-trip ISO 8601: sorts as text and parses back exactly.</summary>
    public static string Now() => DateTimeOffset.UtcNow.ToString("O");
}
