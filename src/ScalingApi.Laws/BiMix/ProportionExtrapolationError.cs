namespace ScalingApi.Laws.BiMix;

/// <summary>
/// How well the law extrapolates in proportion, measured by leaving out each run at an end of the domain's observed
/// proportions: refit without it (on the point fit and on every bootstrap resample), predict its mean log loss from the
/// other runs, and compare the errors with what the held-out run's noise and the refits' parameter spread explain.
/// When the errors exceed that (χ² test at 5 %, one degree of freedom per held-out run), the excess variance per unit of
/// squared log-proportion distance is the extra error: at a share r outside the observed proportions, log-loss
/// sd = <see cref="PerLogProportion"/> · ln-distance from r to the nearest observed end. Zero inside them.
/// </summary>
/// <param name="PerLogProportion">Extra sd of ln L per unit of ln(share ratio) outside the observed range; 0 when the held-out errors are explained.</param>
/// <param name="MinProportion">The smallest share the domain was observed at.</param>
/// <param name="MaxProportion">The largest share the domain was observed at.</param>
/// <param name="Statistic">Σ_e ē_e² / v_e over the held-out end runs e.</param>
/// <param name="Critical">The χ² 95 % quantile with one degree of freedom per held-out run.</param>
/// <param name="HeldOutRuns">End runs that could be left out (their share lies beyond the others' and the rest still fits α).</param>
public sealed record ProportionExtrapolationError(double PerLogProportion, double MinProportion, double MaxProportion, double Statistic, double Critical, int HeldOutRuns)
{
    /// <summary>ln-distance from <paramref name="proportion"/> to the observed range: 0 inside it.</summary>
    public double LogDistance(double proportion) =>
        Math.Max(0, Math.Max(Math.Log(MinProportion / proportion), Math.Log(proportion / MaxProportion)));

    /// <summary>Extra sd of ln L at this share: 0 inside the observed proportions, growing linearly in log-distance outside.</summary>
    public double LogSd(double proportion) => PerLogProportion * LogDistance(proportion);
}

/// <summary>One end run of a domain's proportions, left out to see how the others' law extrapolates to its share.</summary>
internal sealed class HeldOutEndRun
{
    /// <summary>1 for points kept (every other run), 0 for the held-out run's points.</summary>
    public required double[] TrainMask { get; init; }
    public required int[] Points { get; init; }
    /// <summary>ln-distance of the run's share beyond the remaining runs' range.</summary>
    public required double LogDistance { get; init; }

    /// <summary>
    /// The runs at the smallest and the largest share, when leaving one out still leaves two distinct shares (α stays
    /// identifiable) and its share lies strictly beyond the others'. Empty for domains without α or with fewer than three shares.
    /// </summary>
    public static HeldOutEndRun[] Of(DomainSeries series, bool withAlpha)
    {
        if (!withAlpha || series.DistinctLogProportions().Count < 3) return [];
        var shareOfRun = Enumerable.Range(0, series.Count).GroupBy(j => series.Run[j])
            .ToDictionary(g => g.Key, g => (Share: series.LogProportion[g.First()], Points: g.ToArray()));
        var byShare = shareOfRun.OrderBy(kv => kv.Value.Share).ToList();
        var ends = new List<HeldOutEndRun>();
        foreach (var (end, neighbour) in new[] { (byShare[0], byShare[1]), (byShare[^1], byShare[^2]) })
        {
            var distance = Math.Abs(end.Value.Share - neighbour.Value.Share);
            if (distance <= 1e-9) continue; // another run has the same share: leaving this one out extrapolates nothing
            var mask = series.Run.Select(run => run == end.Key ? 0.0 : 1.0).ToArray();
            ends.Add(new HeldOutEndRun { TrainMask = mask, Points = end.Value.Points, LogDistance = distance });
        }
        return [.. ends];
    }

    /// <summary>Training weights of a resample: its weights (null = 1) with the held-out run's points zeroed.</summary>
    public double[] TrainWeights(double[]? weights) =>
        TrainMask.Select((m, j) => m * (weights is null ? 1.0 : weights[j])).ToArray();

    /// <summary>The mean of <paramref name="logValues"/> over the held-out run's points.</summary>
    public double RunMean(double[] logValues) => Points.Average(j => logValues[j]);

    /// <summary>
    /// Variance of the held-out run's mean log loss from noise alone: σ² with the lag-1 autocorrelation ρ along its
    /// checkpoints (the noise model of <see cref="ParametricBootstrap"/>), i.e. σ²/n² Σ_t Σ_t' ρ^|t−t'|.
    /// </summary>
    public double NoiseVariance(double sigma2, double rho)
    {
        var n = Points.Length;
        var sum = (double)n;
        for (var h = 1; h < n; h++) sum += 2 * (n - h) * Math.Pow(rho, h);
        return sigma2 * sum / ((double)n * n);
    }

    /// <param name="ends">The domain's held-out end runs.</param>
    /// <param name="errors">Per end run: observed mean log loss − the point refit's prediction of it.</param>
    /// <param name="resampledPredictions">Per end run, each bootstrap resample's refit prediction of its mean log loss.</param>
    /// <param name="sigma2">σ² of the full fit's log residuals (per point).</param>
    /// <param name="rho">Lag-1 autocorrelation of the residuals along a run's checkpoints.</param>
    public static ProportionExtrapolationError? Estimate(ObservedRange range, HeldOutEndRun[] ends, double[] errors,
        IReadOnlyList<double[]> resampledPredictions, double sigma2, double rho)
    {
        if (ends.Length == 0) return null;
        var test = HeldOutTest.Of(
            errors,
            ends.Select((e, r) => HeldOutTest.Variance(resampledPredictions.Select(p => p[r])) + e.NoiseVariance(sigma2, rho)).ToArray(),
            ends.Select(e => e.LogDistance * e.LogDistance).ToArray());
        return new ProportionExtrapolationError(test.PerUnit, range.MinProportion, range.MaxProportion, test.Statistic, test.Critical, ends.Length);
    }
}
