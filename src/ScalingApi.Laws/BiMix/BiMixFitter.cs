using System.Globalization;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Fits BiMix per domain: log-space residuals, Huber or least squares, variable projection over
/// (α, β) with a non-negative 2×2 solve for (B, C), a multi-start grid and Levenberg–Marquardt
/// refinement in log parameters, then a seeded bootstrap (over runs, or parametric around the fitted curves: <see cref="IntervalMethod"/>).
/// Convention: A = 1 (only A·B and A·C are identifiable), so B and C carry A.
/// </summary>
public static class BiMixFitter
{
    /// <exception cref="InsufficientDataException">a domain has too few points to fit.</exception>
    /// <exception cref="ArgumentException">the data or options are malformed (indices, non-finite or non-positive values).</exception>
    public static BiMixFit Fit(BiMixData data, BiMixFitOptions options)
    {
        BiMixInputValidation.Validate(data, options);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        var m = data.Domains.Count;

        var series = new DomainSeries[m];
        var objectives = new LogSpaceObjective[m];
        for (var i = 0; i < m; i++)
        {
            series[i] = DomainSeries.Collect(data, i);
            var withAlpha = series[i].Count > 0 && series[i].DistinctLogProportions().Count >= 2;
            RequireEnoughData(series[i], withAlpha);
            objectives[i] = new LogSpaceObjective(series[i], options.Objective, options.HuberDelta, withAlpha);
        }

        var estimates = new DomainEstimate[m];
        Parallel.For(0, m, parallel, i => estimates[i] = DomainFitter.FitFromGrid(objectives[i]));
        var laws = Enumerable.Range(0, m)
            .Select(i => DomainFitter.ToLaw(estimates[i].Theta, series[i], objectives[i].Dimension == 4))
            .ToArray();

        var bootstrap = Bootstrap(data, options, parallel, series, objectives, estimates);

        var fits = new DomainFit[m];
        for (var i = 0; i < m; i++)
        {
            var diagnostics = DomainFitter.Diagnose(estimates[i], series[i], laws[i]) with { BootstrapUnconverged = bootstrap.Unconverged[i] };
            var intervals = bootstrap.Laws.Length == 0 ? null : Intervals(bootstrap.Laws.Select(b => b[i]).ToList(),
                bootstrap.Method == IntervalMethod.ParametricBootstrap ? SmallSampleCalibration.Factor(bootstrap.Laws.Length, SmallSampleCalibration.NoiseDegreesOfFreedom(diagnostics.Points, laws[i])) : 1);
            fits[i] = new DomainFit(data.Domains[i], laws[i], diagnostics, intervals, Note(series[i], laws[i], diagnostics))
            {
                Observed = series[i].Range(),
                ExtrapolationError = bootstrap.ExtrapolationErrors[i],
                ProportionError = bootstrap.ProportionErrors[i],
            };
        }
        return new BiMixFit(data.Domains, fits, bootstrap.Laws, options.Seed)
        {
            IntervalMethod = bootstrap.Laws.Length == 0 ? null : IntervalMethods.Name(bootstrap.Method),
            Warnings = FitWarnings.For(data, fits, bootstrap.Laws.Length > 0 ? bootstrap.Method : null),
        };
    }

    private sealed record BootstrapResult(IntervalMethod Method, DomainLaw[][] Laws, int[] Unconverged, ExtrapolationError?[] ExtrapolationErrors,
        ProportionExtrapolationError?[] ProportionErrors);

    /// <summary>
    /// Refits every domain on each resample (runs drawn with replacement, or new losses drawn around the fitted curves), and
    /// the same resample without each run's last step levels to measure the law's extrapolation error in steps, and without
    /// the runs at each end of a domain's proportions to measure it in proportion.
    /// </summary>
    private static BootstrapResult Bootstrap(BiMixData data, BiMixFitOptions options, ParallelOptions parallel,
        DomainSeries[] series, LogSpaceObjective[] objectives, DomainEstimate[] estimates)
    {
        var m = series.Length;
        var unconverged = new int[m];
        var eligibleRuns = series.SelectMany(s => s.Run).Distinct().Order().ToList();
        var method = IntervalMethods.Resolve(options.Intervals, eligibleRuns.Count);
        if (options.BootstrapResamples == 0) return new BootstrapResult(method, [], unconverged, new ExtrapolationError?[m], new ProportionExtrapolationError?[m]);

        var resamples = options.BootstrapResamples;
        double[][]? multiplicities = null;
        double[][][]? shocks = null;
        var parametric = ParametricBootstrap.For(data);
        var pointCheckpoints = new int[m][];
        var fittedLog = new double[m][];
        var sigma = new double[m];
        for (var i = 0; i < m; i++)
        {
            pointCheckpoints[i] = parametric.PointCheckpoints(series[i]);
            fittedLog[i] = objectives[i].LogPredictions(estimates[i].Theta);
            var p = objectives[i].Dimension;
            var squares = series[i].LogLoss.Select((y, j) => (y - fittedLog[i][j]) * (y - fittedLog[i][j])).Sum();
            sigma[i] = series[i].Count > p ? Math.Sqrt(squares / (series[i].Count - p)) : 0;
        }
        // The residuals' correlations: the parametric bootstrap's noise model, and the noise of a held-out run's mean for both methods.
        parametric.EstimateCorrelations(Enumerable.Range(0, m).Select(i =>
        {
            var z = Enumerable.Repeat(double.NaN, parametric.CheckpointCount).ToArray();
            for (var j = 0; j < series[i].Count; j++)
                if (sigma[i] > 0) z[pointCheckpoints[i][j]] = (series[i].LogLoss[j] - fittedLog[i][j]) / sigma[i];
            return z;
        }).ToList());
        if (method == IntervalMethod.RunBootstrap)
            multiplicities = RunBootstrap.DrawRunMultiplicities(data.Runs.Count, eligibleRuns, resamples, options.Seed,
                multiplicity => Enumerable.Range(0, m).All(i =>
                    SupportsFit(series[i], objectives[i].Dimension == 4, RunBootstrap.PointWeights(series[i], multiplicity))));
        else
            shocks = parametric.DrawShocks(resamples, m, options.Seed);

        var heldOut = series.Select(HeldOutCheckpoints.Of).ToArray();
        var truncated = new DomainEstimate?[m];
        for (var i = 0; i < m; i++)
            if (heldOut[i] is { } h) truncated[i] = DomainFitter.Refit(objectives[i], estimates[i].Theta, h.TrainWeights(null));

        var ends = Enumerable.Range(0, m).Select(i => HeldOutEndRun.Of(series[i], objectives[i].Dimension == 4)).ToArray();
        var endFits = Enumerable.Range(0, m)
            .Select(i => ends[i].Select(end => DomainFitter.Refit(objectives[i], estimates[i].Theta, end.TrainWeights(null))).ToArray()).ToArray();

        var laws = new DomainLaw[resamples][];
        var heldOutPredictions = new double[resamples][][];
        var endPredictions = new double[resamples][][];
        for (var k = 0; k < resamples; k++) { laws[k] = new DomainLaw[m]; heldOutPredictions[k] = new double[m][]; endPredictions[k] = new double[m][]; }
        var converged = new bool[resamples * m];
        Parallel.For(0, resamples * m, parallel, index =>
        {
            int k = index / m, i = index % m;
            var weights = multiplicities is null ? null : RunBootstrap.PointWeights(series[i], multiplicities[k]);
            var objective = shocks is null
                ? objectives[i]
                : objectives[i].WithSeries(series[i].WithLogLoss(ParametricBootstrap.Perturb(fittedLog[i], sigma[i], pointCheckpoints[i], shocks[k][i])));
            var estimate = DomainFitter.Refit(objective, estimates[i].Theta, weights);
            laws[k][i] = DomainFitter.ToLaw(estimate.Theta, series[i], objectives[i].Dimension == 4);
            converged[index] = estimate.Optimizer.Converged;
            if (heldOut[i] is { } h)
            {
                var refit = DomainFitter.Refit(objective, truncated[i]!.Theta, h.TrainWeights(weights));
                heldOutPredictions[k][i] = h.RunMeans(objective.LogPredictions(refit.Theta));
            }
            endPredictions[k][i] = ends[i].Select((end, e) =>
            {
                var train = end.TrainWeights(weights);
                // a run resample that keeps a single other share cannot fit α without the end run: not a draw of this check
                if (!SupportsFit(series[i], withAlpha: true, train)) return double.NaN;
                return end.RunMean(objective.LogPredictions(DomainFitter.Refit(objective, endFits[i][e].Theta, train).Theta));
            }).ToArray();
        });
        for (var index = 0; index < converged.Length; index++)
            if (!converged[index]) unconverged[index % m]++;

        var errors = new ExtrapolationError?[m];
        for (var i = 0; i < m; i++)
            if (heldOut[i] is { } h)
                errors[i] = h.Estimate(series[i], h.RunMeans(objectives[i].LogPredictions(truncated[i]!.Theta)),
                    heldOutPredictions.Select(p => p[i]).ToList(), sigma[i] * sigma[i]);
        var proportionErrors = new ProportionExtrapolationError?[m];
        for (var i = 0; i < m; i++)
        {
            var errorsAtEnds = ends[i].Select((end, e) =>
                end.RunMean(series[i].LogLoss) - end.RunMean(objectives[i].LogPredictions(endFits[i][e].Theta))).ToArray();
            var drawn = endPredictions.Select(p => p[i]).Where(p => p.All(double.IsFinite)).ToList();
            proportionErrors[i] = HeldOutEndRun.Estimate(series[i].Range()!, ends[i], errorsAtEnds, drawn, sigma[i] * sigma[i], parametric.Autocorrelation);
        }
        return new BootstrapResult(method, laws, unconverged, errors, proportionErrors);
    }

    /// <param name="calibration">κ of <see cref="SmallSampleCalibration"/> for parametric-bootstrap laws, 1 for the run bootstrap.</param>
    private static ParameterIntervals Intervals(IReadOnlyList<DomainLaw> laws, double calibration)
    {
        Interval Of(Func<DomainLaw, double> parameter) => SmallSampleCalibration.Widened(laws.Select(parameter).ToArray(), calibration);
        return new ParameterIntervals(
            Of(l => l.B), Of(l => l.C),
            laws[0].Alpha is null ? null : Of(l => l.Alpha!.Value),
            Of(l => l.Beta));
    }

    /// <summary>Points needed: one more than the parameters; steps: 3 distinct, or b, c and β are not separable.</summary>
    private static int RequiredPoints(bool withAlpha) => withAlpha ? 5 : 4;
    private const int RequiredSteps = 3;

    private static bool SupportsFit(DomainSeries series, bool withAlpha, double[]? weights) =>
        series.PointsWithWeight(weights) >= RequiredPoints(withAlpha)
        && series.DistinctSteps(weights) >= RequiredSteps
        && (!withAlpha || series.DistinctLogProportions(weights).Count >= 2);

    private static void RequireEnoughData(DomainSeries series, bool withAlpha)
    {
        if (SupportsFit(series, withAlpha, null)) return;
        var dropped = series.DroppedAtZeroProportion > 0
            ? $" ({series.DroppedAtZeroProportion} more at proportion 0 cannot be used: the law diverges there)"
            : "";
        throw new InsufficientDataException(
            $"Domain '{series.Domain}' has {series.Count} usable loss observation(s) at {series.DistinctSteps()} distinct step(s){dropped}; " +
            $"fitting BiMix needs at least {RequiredPoints(withAlpha)} observations at {RequiredSteps} or more distinct steps.");
    }

    private static string? Note(DomainSeries series, DomainLaw law, FitDiagnostics diagnostics)
    {
        var notes = new List<string>();
        if (law.Alpha is null)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Observed at a single proportion ({law.ObservedProportion:G6}) in every run, so α is not identifiable: fitted L = B s^-β + C, valid at that proportion only."));
        if (series.DroppedAtZeroProportion > 0)
            notes.Add($"{series.DroppedAtZeroProportion} observation(s) from runs with proportion 0 were ignored (the law diverges at r = 0).");
        if (!diagnostics.Converged)
            notes.Add($"The optimizer did not converge ({diagnostics.Message}); treat these parameters with caution.");
        else if (diagnostics.Message is not null)
            notes.Add($"Converged with {diagnostics.Message}.");
        if (diagnostics.BootstrapUnconverged > 0)
            notes.Add($"{diagnostics.BootstrapUnconverged} bootstrap refit(s) did not converge.");
        return notes.Count == 0 ? null : string.Join(" ", notes);
    }
}

/// <summary>The data cannot support a fit (too few points, steps or runs). The message says which.</summary>
public sealed class InsufficientDataException(string message) : ArgumentException(message);
