namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Non-parametric bootstrap over whole runs: each resample draws as many runs as there are, with
/// replacement, and every domain sees the same draw (so derived quantities get coherent intervals).
/// A run drawn k times weighs its points by k, which equals refitting on the duplicated data.
/// <para>
/// Draws are made sequentially from one <see cref="Random"/> seeded with the fit's seed, then the
/// refits run in parallel into fixed slots, so the result depends on the seed only. A draw that
/// would leave some domain unfittable (a domain with α seeing one proportion only, or fewer points or
/// steps than the law needs) is discarded and redrawn from the same stream — i.e. the bootstrap is
/// conditional on the resample supporting the same model as the full data.
/// </para>
/// </summary>
internal static class RunBootstrap
{
    private const int MaxDrawsPerResample = 1000;

    /// <summary>Per resample, the multiplicity of each run (index = run index in the data).</summary>
    public static double[][] DrawRunMultiplicities(int runCount, IReadOnlyList<int> eligibleRuns, int resamples, int seed,
        Func<double[], bool> supportsFit)
    {
        var random = new Random(seed);
        var draws = new double[resamples][];
        for (var k = 0; k < resamples; k++)
        {
            for (var attempt = 1; ; attempt++)
            {
                var multiplicity = new double[runCount];
                for (var n = 0; n < eligibleRuns.Count; n++)
                    multiplicity[eligibleRuns[random.Next(eligibleRuns.Count)]] += 1;
                if (supportsFit(multiplicity)) { draws[k] = multiplicity; break; }
                if (attempt == MaxDrawsPerResample)
                    throw new InsufficientDataException(
                        $"The bootstrap could not draw a resample of runs that supports the fit in {MaxDrawsPerResample} attempts: " +
                        "too few runs carry the information (e.g. only one run differs in proportion). Add runs or disable the bootstrap.");
            }
        }
        return draws;
    }

    public static double[] PointWeights(DomainSeries series, double[] runMultiplicity)
    {
        var weights = new double[series.Count];
        for (var j = 0; j < weights.Length; j++) weights[j] = runMultiplicity[series.Run[j]];
        return weights;
    }
}
