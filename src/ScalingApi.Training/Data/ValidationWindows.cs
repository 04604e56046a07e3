namespace ScalingApi.Training.Data;

/// <summary>
/// A fixed, deterministic set of held-out windows per domain: up to MaxWindows non-overlapping windows of
/// context+1 tokens spread evenly across the validation stream (same stream ⇒ same windows, every run).
/// </summary>
public sealed class ValidationWindows
{
    public ValidationWindows(IReadOnlyList<DomainTokens> domains, int context, int maxWindowsPerDomain)
    {
        if (maxWindowsPerDomain < 1) throw new ArgumentException("must be at least 1", nameof(maxWindowsPerDomain));
        var length = context + 1;
        WindowLength = length;
        var perDomain = new List<(string, long[], int)>();
        foreach (var domain in domains)
        {
            var stream = domain.Validation.Span;
            var available = stream.Length / length;
            if (available == 0)
                throw new ArgumentException(
                    $"domain '{domain.Name}' has {stream.Length} validation tokens, fewer than context+1 = {length}", nameof(domains));
            var count = Math.Min(available, maxWindowsPerDomain);
            var tokens = new long[count * length];
            for (var w = 0; w < count; w++)
            {
                // Evenly spaced non-overlapping slots: slot index w·available/count.
                var start = (int)((long)w * available / count) * length;
                for (var j = 0; j < length; j++) tokens[w * length + j] = stream[start + j];
            }
            perDomain.Add((domain.Name, tokens, count));
        }
        Domains = perDomain;
    }

    public int WindowLength { get; }

    /// <summary>Per domain: name, windows (count × WindowLength, row-major) and window count.</summary>
    public IReadOnlyList<(string Name, long[] Tokens, int Count)> Domains { get; }
}
