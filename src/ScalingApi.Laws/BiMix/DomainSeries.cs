namespace ScalingApi.Laws.BiMix;

/// <summary>
/// One domain's usable observations in the form the optimizer needs: logs of proportion, step and
/// loss, and the run each point came from (the bootstrap weights points by run multiplicity).
/// </summary>
internal sealed class DomainSeries
{
    public required string Domain { get; init; }
    public required double[] LogProportion { get; init; }
    public required double[] LogStep { get; init; }
    public required double[] LogLoss { get; init; }
    public required int[] Run { get; init; }
    /// <summary>Distinct log steps: runs share checkpoints, so the step factor is computed once per level, not per point.</summary>
    public required double[] StepLevels { get; init; }
    /// <summary>Per point, its index into <see cref="StepLevels"/>.</summary>
    public required int[] StepLevel { get; init; }
    /// <summary>Points dropped because the run gave this domain proportion 0 (the law diverges there).</summary>
    public required int DroppedAtZeroProportion { get; init; }

    public int Count => LogLoss.Length;

    /// <summary>The same points with other log losses (a bootstrap resample of the same design).</summary>
    public DomainSeries WithLogLoss(double[] logLoss) => new()
    {
        Domain = Domain, LogProportion = LogProportion, LogStep = LogStep, LogLoss = logLoss, Run = Run,
        StepLevels = StepLevels, StepLevel = StepLevel, DroppedAtZeroProportion = DroppedAtZeroProportion,
    };

    /// <summary>The proportions and steps this domain was observed at (empty series: null).</summary>
    public ObservedRange? Range() => Count == 0 ? null : new ObservedRange(
        Math.Exp(LogProportion.Min()), Math.Exp(LogProportion.Max()), Math.Exp(LogStep.Min()), Math.Exp(LogStep.Max()));

    public static DomainSeries Collect(BiMixData data, int domain)
    {
        var lr = new List<double>(); var ls = new List<double>(); var ly = new List<double>(); var run = new List<int>();
        var dropped = 0;
        foreach (var o in data.Observations)
        {
            if (o.Domain != domain) continue;
            var proportion = data.Runs[o.Run].Proportions[domain];
            if (proportion <= 0) { dropped++; continue; }
            lr.Add(Math.Log(proportion)); ls.Add(Math.Log(o.Step)); ly.Add(Math.Log(o.Loss)); run.Add(o.Run);
        }
        var levels = ls.Distinct().Order().ToArray();
        var levelOf = levels.Select((v, k) => (v, k)).ToDictionary(x => x.v, x => x.k);
        return new DomainSeries
        {
            StepLevels = levels,
            StepLevel = ls.Select(v => levelOf[v]).ToArray(),
            Domain = data.Domains[domain],
            LogProportion = [.. lr], LogStep = [.. ls], LogLoss = [.. ly], Run = [.. run],
            DroppedAtZeroProportion = dropped,
        };
    }

    /// <summary>Distinct proportions among points with positive weight (weights null = all points).</summary>
    public List<double> DistinctLogProportions(double[]? weights = null) => Distinct(LogProportion, weights, LogTolerance);

    public int DistinctSteps(double[]? weights = null) => Distinct(LogStep, weights, LogTolerance).Count;

    public int PointsWithWeight(double[]? weights) => weights is null ? Count : weights.Count(w => w > 0);

    // log r values this close are one proportion (relative difference ~1e-9).
    private const double LogTolerance = 1e-9;

    private static List<double> Distinct(double[] values, double[]? weights, double tolerance)
    {
        var sorted = values.Where((_, j) => weights is null || weights[j] > 0).Order().ToList();
        var distinct = new List<double>();
        foreach (var v in sorted)
            if (distinct.Count == 0 || v - distinct[^1] > tolerance) distinct.Add(v);
        return distinct;
    }
}
