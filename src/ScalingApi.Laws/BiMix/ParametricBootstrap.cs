namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Parametric bootstrap within runs: a noise model is fitted to the full fit's log residuals, new log losses are drawn
/// around the fitted curves (ln y* = ln ŷ + σ_i η), and every domain is refitted on the same design. Unlike the run
/// bootstrap every resample keeps every run, so 4 runs give an unlimited number of distinct resamples and a single run
/// still gets an interval. Noise model, all from the residuals:
/// <list type="bullet">
/// <item>σ_i: per-domain residual sd with n − p degrees of freedom (the fit absorbed p parameters' worth of noise);</item>
/// <item>ρ: lag-1 autocorrelation along each run's checkpoints (one proxy model's losses drift together), pooled, in [0, 0.95];</item>
/// <item>c: correlation across domains at the same checkpoint (one model evaluated on every domain), pooled, in [0, 0.95].</item>
/// </list>
/// η follows a stationary AR(1) along each run with innovations √c·u (shared by the domains) + √(1−c)·w (own).
/// Why not re-sign the residuals (wild bootstrap)? Under the Huber objective (δ = 1e-3, below typical noise) the fit
/// interpolates a few points; their near-zero residuals stay near zero under re-signing, which overstates the fit's
/// curvature and made wild intervals too narrow (80 % coverage on the synthetic benchmark).
/// </summary>
internal sealed class ParametricBootstrap
{
    private const double MaxCorrelation = 0.95;
    private readonly Dictionary<(int Run, double LogStep), int> _checkpointOf;
    /// <summary>Per run, its checkpoints (global indices) in step order.</summary>
    private readonly int[][] _runCheckpoints;

    private ParametricBootstrap(Dictionary<(int, double), int> checkpointOf, int[][] runCheckpoints) =>
        (_checkpointOf, _runCheckpoints) = (checkpointOf, runCheckpoints);

    public int CheckpointCount => _checkpointOf.Count;
    public double Autocorrelation { get; private set; }
    public double CrossCorrelation { get; private set; }

    public static ParametricBootstrap For(BiMixData data)
    {
        var checkpointOf = new Dictionary<(int, double), int>();
        var runs = new List<int[]>();
        foreach (var run in data.Observations.GroupBy(o => o.Run).OrderBy(g => g.Key))
        {
            var steps = run.Select(o => Math.Log(o.Step)).Distinct().Order().ToList();
            runs.Add(steps.Select(s => checkpointOf[(run.Key, s)] = checkpointOf.Count).ToArray());
        }
        return new ParametricBootstrap(checkpointOf, runs.ToArray());
    }

    /// <summary>Per point of <paramref name="series"/>, its checkpoint.</summary>
    public int[] PointCheckpoints(DomainSeries series) =>
        Enumerable.Range(0, series.Count).Select(j => _checkpointOf[(series.Run[j], series.LogStep[j])]).ToArray();

    /// <summary>Estimates ρ and c from the standardized residuals (NaN where a domain has no point at a checkpoint).</summary>
    public void EstimateCorrelations(IReadOnlyList<double[]> standardized)
    {
        double lagProduct = 0, lagSquares = 0, crossProduct = 0, crossSquares = 0;
        foreach (var z in standardized)
            foreach (var run in _runCheckpoints)
                for (var t = 1; t < run.Length; t++)
                    if (double.IsFinite(z[run[t]]) && double.IsFinite(z[run[t - 1]]))
                    {
                        lagProduct += z[run[t]] * z[run[t - 1]];
                        lagSquares += (z[run[t]] * z[run[t]] + z[run[t - 1]] * z[run[t - 1]]) / 2;
                    }
        for (var g = 0; g < CheckpointCount; g++)
        {
            var values = standardized.Select(z => z[g]).Where(double.IsFinite).ToList();
            if (values.Count < 2) continue;
            var sum = values.Sum();
            var squares = values.Sum(v => v * v);
            crossProduct += sum * sum - squares; // Σ over ordered pairs i ≠ i'
            crossSquares += squares * (values.Count - 1);
        }
        Autocorrelation = lagSquares > 0 ? Math.Clamp(lagProduct / lagSquares, 0, MaxCorrelation) : 0;
        CrossCorrelation = crossSquares > 0 ? Math.Clamp(crossProduct / crossSquares, 0, MaxCorrelation) : 0;
    }

    /// <summary>Standard-normal shocks η[k][i][checkpoint] with the noise model's correlations, drawn in order from one seeded stream.</summary>
    public double[][][] DrawShocks(int resamples, int domains, int seed)
    {
        var random = new Random(seed);
        double rho = Autocorrelation, shared = Math.Sqrt(CrossCorrelation), own = Math.Sqrt(1 - CrossCorrelation);
        var innovation = Math.Sqrt(1 - rho * rho);
        var shocks = new double[resamples][][];
        for (var k = 0; k < resamples; k++)
        {
            shocks[k] = new double[domains][];
            for (var i = 0; i < domains; i++) shocks[k][i] = new double[CheckpointCount];
            foreach (var run in _runCheckpoints)
                for (var t = 0; t < run.Length; t++)
                {
                    var u = BiMixSimulator.StandardNormal(random);
                    for (var i = 0; i < domains; i++)
                    {
                        var fresh = shared * u + own * BiMixSimulator.StandardNormal(random);
                        shocks[k][i][run[t]] = t == 0 ? fresh : rho * shocks[k][i][run[t - 1]] + innovation * fresh;
                    }
                }
        }
        return shocks;
    }

    /// <summary>The resampled log losses: ln ŷ + σ η at each point's checkpoint.</summary>
    public static double[] Perturb(double[] fittedLog, double sigma, int[] pointCheckpoint, double[] shocks)
    {
        var y = new double[fittedLog.Length];
        for (var j = 0; j < y.Length; j++) y[j] = fittedLog[j] + sigma * shocks[pointCheckpoint[j]];
        return y;
    }
}
