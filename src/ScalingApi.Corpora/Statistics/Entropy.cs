namespace ScalingApi.Corpora.Statistics;

/// <summary>Shannon entropy in nats of an empirical distribution given by exact counts.</summary>
public static class Entropy
{
    /// <summary>−Σ (c/N) ln(c/N) over the non-zero counts; 0 for an empty distribution.</summary>
    public static double FromCounts(IEnumerable<long> counts)
    {
        var sum = new CountSum();
        foreach (var c in counts) sum.Add(c);
        return sum.Entropy;
    }

    /// <inheritdoc cref="FromCounts(IEnumerable{long})"/>
    public static double FromCounts(ReadOnlySpan<long> counts)
    {
        var sum = new CountSum();
        foreach (var c in counts) sum.Add(c);
        return sum.Entropy;
    }

    private struct CountSum
    {
        private long _total;
        private double _sumCLnC;

        public void Add(long c)
        {
            if (c <= 0) return;
            _total += c;
            _sumCLnC += c * Math.Log(c);
        }

        // H = ln N − (1/N) Σ c ln c avoids one division per entry and is exact for the tests' small counts
        public readonly double Entropy => _total == 0 ? 0 : Math.Log(_total) - _sumCLnC / _total;
    }
}
