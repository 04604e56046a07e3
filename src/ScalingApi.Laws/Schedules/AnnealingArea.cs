namespace ScalingApi.Laws.Schedules;

/// <summary>
/// What a learning-rate schedule did up to a step, in Tissue et al.'s terms (arXiv 2408.11029):
/// the forward area S1 = Σ_{i≤s} η_i and the annealing area S2 = Σ_{i≤s} m_i with momentum
/// m_i = λ m_{i−1} + max(0, η_{i−1} − η_i), m_0 = 0, η_0 = η_1, λ = 0.999.
/// Only decreases of the rate count (the max): warm-up raises the rate and is not annealing. For a schedule
/// that only falls after warm-up this is the paper's definition.
/// </summary>
public readonly record struct AnnealingArea(double S1, double S2)
{
    public const double Decay = 0.999;

    /// <summary>S1 and S2 after every step: element k holds the areas after step k (element 0 = before training).</summary>
    public static AnnealingArea[] Cumulative(IReadOnlyList<double> rates, double decay = Decay)
    {
        var areas = new AnnealingArea[rates.Count + 1];
        double s1 = 0, s2 = 0, momentum = 0;
        for (var i = 0; i < rates.Count; i++)
        {
            var previous = i == 0 ? rates[0] : rates[i - 1];
            momentum = decay * momentum + Math.Max(0, previous - rates[i]);
            s1 += rates[i];
            s2 += momentum;
            areas[i + 1] = new AnnealingArea(s1, s2);
        }
        return areas;
    }

    /// <summary>The areas at <paramref name="step"/> of <paramref name="schedule"/>; a fractional step interpolates linearly between its neighbours.</summary>
    public static AnnealingArea At(LrSchedule schedule, double step, double decay = Decay)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), "must be positive and finite");
        var upper = (int)Math.Ceiling(step);
        var areas = Cumulative(schedule.RatesUpTo(upper), decay);
        var lower = (int)Math.Floor(step);
        if (lower == upper) return areas[upper];
        var w = step - lower;
        return new AnnealingArea((1 - w) * areas[lower].S1 + w * areas[upper].S1, (1 - w) * areas[lower].S2 + w * areas[upper].S2);
    }
}
