namespace ScalingApi.Laws.Schedules;

/// <summary>
/// The noise part of the last-iterate bound of SGD on a convex Lipschitz problem, which Schaipp et al. (arXiv 2501.18965,
/// ICML 2025) found to track real LLM loss curves under every schedule they tried: after T steps with rates η_1…η_T,
/// N_T = Σ_{t≤T} η_t² / Σ_{t≤T} η_t + Σ_{k&lt;T} η_k / (Σ_{t=k+1..T} η_t) · (Σ_{t=k..T} η_t²) / (Σ_{t=k..T} η_t)
/// (the bound is D²/(2 S1) + G²/2 · N_T). Unlike Tissue et al.'s S2, N_T has no decay constant and stays bounded as a run
/// gets longer: it is of the order of the current rate, and a decay lowers it only as far as the area after the decay
/// lets the iterate settle (a constant rate η gives η (1 + H_{T−1}), H the harmonic number).
/// </summary>
public static class ConvexBoundNoise
{
    /// <summary>
    /// N after the first <paramref name="steps"/> rates, O(steps) from suffix sums. Trailing zero rates are no-op updates
    /// (the iterate does not move), so the bound is taken at the last step with a positive rate.
    /// </summary>
    public static double At(IReadOnlyList<double> rates, int steps)
    {
        var last = Math.Min(steps, rates.Count);
        while (last > 0 && !(rates[last - 1] > 0)) last--;
        if (last == 0) return 0;
        double suffix = 0, suffixSquares = 0, total = 0;
        // walk k = T, T−1, …, 1 keeping Σ_{t≥k} η and Σ_{t≥k} η²; the term of k needs Σ_{t>k} η, i.e. the suffix before adding η_k
        for (var k = last; k >= 1; k--)
        {
            var after = suffix;
            suffix += rates[k - 1];
            suffixSquares += rates[k - 1] * rates[k - 1];
            if (k < last && after > 0 && suffix > 0) total += rates[k - 1] / after * (suffixSquares / suffix);
        }
        return total + (suffix > 0 ? suffixSquares / suffix : 0);
    }

    /// <summary>N at <paramref name="step"/> of <paramref name="schedule"/>; a fractional step interpolates linearly between its neighbours.</summary>
    public static double At(LrSchedule schedule, double step)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), "must be positive and finite");
        var upper = (int)Math.Ceiling(step);
        var rates = schedule.RatesUpTo(upper);
        var lower = (int)Math.Floor(step);
        var high = At(rates, upper);
        if (lower == upper) return high;
        var w = step - lower;
        return (1 - w) * At(rates, lower) + w * high;
    }
}
