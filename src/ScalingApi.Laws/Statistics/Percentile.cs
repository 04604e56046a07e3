namespace ScalingApi.Laws.Statistics;

/// <summary>The percentile definition every interval of the service uses (the law's parameters, predictions, optimal mixtures).</summary>
public static class Percentile
{
    /// <summary>Linearly interpolated percentile (NumPy's default, "type 7"); q in [0, 1].</summary>
    public static double Of(IEnumerable<double> values, double q) => OfSorted(values.Order().ToArray(), q);

    /// <summary><see cref="Of"/> of values already in ascending order (no copy, no sort).</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) throw new ArgumentException("No values to take a percentile of.", nameof(sorted));
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>Bounds of the central 95% interval.</summary>
    public const double Lower = 0.025;
    public const double Upper = 0.975;
}
