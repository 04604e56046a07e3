namespace ScalingApi.Benchmarks;

/// <summary>The bench CLI's "--name value" options, read the same way by every benchmark.</summary>
internal static class BenchmarkArgs
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is absent.</summary>
    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static string Value(string[] args, string name, string fallback) => Value(args, name) ?? fallback;
}
