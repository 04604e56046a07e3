namespace ScalingApi.Host.Errors;

/// <summary>
/// A client's value quoted back in an error: long enough to recognise, never long enough to turn a
/// 10 MB name into a 20 MB error body (it used to appear whole in both the rule and the detail).
/// </summary>
public static class EchoedValue
{
    public const int MaxEchoedLength = 200;

    /// <summary>The value itself, or its first <paramref name="max"/> characters and how long it was.</summary>
    public static string Of(string? value, int max = MaxEchoedLength) =>
        value is null || value.Length <= max ? value ?? "" : $"{value[..max]}… ({value.Length:N0} characters)";
}
