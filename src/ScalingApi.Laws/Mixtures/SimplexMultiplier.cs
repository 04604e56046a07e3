namespace ScalingApi.Laws.Mixtures;

/// <summary>
/// The outer step both mixture optimizers share (KKT on the simplex with box bounds): each domain's share at a given
/// Lagrange multiplier is non-increasing in λ, so bracketing and bisection on ln λ find the λ where the shares sum to 1.
/// </summary>
internal static class SimplexMultiplier
{
    private const int BisectionSteps = 200;

    /// <param name="sharesAt">Each domain's share, already clipped to its box, at ln λ.</param>
    /// <param name="relativeTolerance">Bisection stops when the bracket on ln λ is this narrow (relative to its size).</param>
    public static double[] Solve(Func<double, double[]> sharesAt, double[] lo, double[] hi, double relativeTolerance)
    {
        // Bracket: small λ gives shares at their maxima (sum ≥ 1), large λ at their minima (sum ≤ 1).
        double low = -1, high = 1;
        while (sharesAt(low).Sum() < 1 && low > -1e4) low *= 2;
        while (sharesAt(high).Sum() > 1 && high < 1e4) high *= 2;
        for (var n = 0; n < BisectionSteps && high - low > relativeTolerance * Math.Max(1, Math.Abs(low)); n++)
        {
            var mid = (low + high) / 2;
            if (sharesAt(mid).Sum() > 1) low = mid; else high = mid;
        }
        return CloseToSimplex(sharesAt((low + high) / 2), lo, hi);
    }

    /// <summary>Bisection leaves Σ r off 1 by rounding; spread the remainder over shares not pinned to a bound.</summary>
    private static double[] CloseToSimplex(double[] r, double[] lo, double[] hi)
    {
        var residual = 1 - r.Sum();
        var free = Enumerable.Range(0, r.Length).Where(i => r[i] > lo[i] && r[i] < hi[i]).ToList();
        if (free.Count == 0) return r;
        var freeSum = free.Sum(i => r[i]);
        foreach (var i in free) r[i] = Math.Clamp(r[i] + residual * r[i] / freeSum, lo[i], hi[i]);
        return r;
    }
}
