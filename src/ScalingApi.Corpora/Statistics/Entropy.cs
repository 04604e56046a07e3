namespace ScalingApi.Corpora.Statistics;

/// <summary>Shannon entropy in nats of an empirical distribution given by exact counts.</summary>
public static class Entropy
{
    /// <summary>−Σ (c/N) ln(c/N) over the non-zero counts; 0 for an empty distribution.</summary>
    public static double FromCounts(IEnumerable<long> counts)
    {
        long total = 0;
        double sumCLnC = 0;
        foreach (var c in counts)
        {
            if (c <= 0) continue;
            total += c;
            sumCLnC += c * Math.Log(c);
        }
        // H = ln N − (1/N) Σ c ln c avoids one division per entry and is exact for the tests' small counts
        return total == 0 ? 0 : Math.Log(total) - sumCLnC / total;
    }

    public static double FromCounts(ReadOnlySpan<long> counts)
    {
        long total = 0;
        double sumCLnC = 0;
        foreach (var c in counts)
        {
            if (c <= 0) continue;
            total += c;
            sumCLnC += c * Math.Log(c);
        }
        return total == 0 ? 0 : Math.Log(total) - sumCLnC / total;
    }
}
