using System.Globalization;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Optimization;
using ScalingApi.Laws.Schedules;

namespace ScalingApi.Laws.Catalog;

/// <summary>
/// Schedule-aware BiMix: BiMix's proportion factor times Tissue et al.'s learning-rate-annealing law,
/// L_i = r_i^-α_i (b_i S1^-β_i + c_i − d_i S2), where S1 and S2 are what the run's schedule did up to the step
/// (<see cref="AnnealingArea"/>). Raw steps are replaced by the rate area, so a decaying schedule's bend at the
/// end of every curve is described by d_i S2 instead of being mistaken for the power law's slope.
/// Fitted per domain in log space (Huber or least squares) from a grid of (α, β) starts, each with b, c, d from
/// weighted linear least squares, then refined by BFGS; intervals from the run bootstrap.
/// The variant <c>bimix-lr-bound</c> (<see cref="AnnealingTerm.ConvexBound"/>) replaces −d S2 by +d N, the noise term of the
/// convex last-iterate bound (docs/laws.md): no λ, and bounded however long the run, so a curve that flattens because
/// the loss saturates is not extrapolated as ever more annealing gain.
/// </summary>
public sealed class BiMixLrLaw(AnnealingTerm term = AnnealingTerm.Tissue) : IScalingLaw
{
    public AnnealingTerm Term { get; } = term;
    public string Name => NameOf(Term);
    public string Formula => Term == AnnealingTerm.Tissue
        ? "L_i(r, S1, S2) = r_i^-alpha_i (b_i S1^-beta_i + c_i - d_i S2)  (S1 = sum of lr, S2 = annealing area with momentum lambda = annealingDecay, default 0.999)"
        : "L_i(r, S1, N) = r_i^-alpha_i (b_i S1^-beta_i + c_i + d_i N)  (S1 = sum of lr, N = noise term of the convex last-iterate bound)";

    public static string NameOf(AnnealingTerm term) => term == AnnealingTerm.Tissue ? "bimix-lr" : "bimix-lr-bound";
    public IReadOnlyList<string> ParameterNames { get; } = ["b", "c", "d", "alpha", "beta"];

    private const int RequiredPoints = 6;
    private const int RequiredSteps = 3;

    public string? Inapplicable(BiMixData data, LawFitOptions options)
    {
        var observedRuns = data.Observations.Select(o => o.Run).Distinct().Order().ToList();
        var undeclared = observedRuns.Where(r => data.Runs[r].Schedule is null).Select(r => data.Runs[r].Name).ToList();
        if (undeclared.Count > 0)
            return $"every run needs its learning-rate schedule (learningRateSchedule); {undeclared.Count} run(s) do not declare it, e.g. '{undeclared[0]}'";
        for (var i = 0; i < data.Domains.Count; i++)
        {
            var points = Points(data, i);
            var steps = points.Select(p => p.Step).Distinct().Count();
            if (points.Count < RequiredPoints || steps < RequiredSteps)
                return string.Create(CultureInfo.InvariantCulture,
                    $"domain '{data.Domains[i]}' has {points.Count} usable observation(s) at {steps} step(s); the law needs at least {RequiredPoints} at {RequiredSteps} steps");
        }
        return null;
    }

    public IFittedLaw Fit(BiMixData data, LawFitOptions options)
    {
        if (Inapplicable(data, options) is { } why) throw new InsufficientDataException(why);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        var loss = new LogResidualLoss(options.Objective, options.HuberDelta);
        var m = data.Domains.Count;
        var series = Enumerable.Range(0, m).Select(i => Series.Of(data, i, Term, options.AnnealingDecay)).ToArray();
        var optima = new Optimum[m];
        Parallel.For(0, m, parallel, i => optima[i] = FitFromGrid(series[i], loss));

        var eligible = data.Observations.Select(o => o.Run).Distinct().Order().ToList();
        var draws = options.BootstrapResamples == 0
            ? []
            : RunBootstrap.DrawRunMultiplicities(data.Runs.Count, eligible, options.BootstrapResamples, options.Seed,
                multiplicity => series.All(s => Supports(s, multiplicity)));
        var resampled = new Optimum[draws.Length * m];
        Parallel.For(0, resampled.Length, parallel, index =>
        {
            int k = index / m, i = index % m;
            resampled[index] = Minimize(series[i], loss, optima[i].Theta, series[i].Run.Select(run => draws[k][run]).ToArray(), series[i].WithAlpha);
        });

        var domains = new BiMixLrDomainFit[m];
        for (var i = 0; i < m; i++)
        {
            var s = series[i];
            var optimum = optima[i];
            var predicted = s.Points.Select(p => BiMixLrParameters.From(optimum.Theta, s.WithAlpha).Predict(p.Proportion, p.Area)).ToArray();
            var actual = s.Points.Select(p => p.Loss).ToArray();
            var diagnostics = new FitDiagnostics(optimum.Converged, optimum.Iterations, optimum.Value, optimum.GradientNorm, actual.Length,
                actual.Zip(predicted, Metrics.FitMetrics.RelativeError).Average(), Metrics.FitMetrics.TryLogRSquared(actual, predicted) ?? 0,
                optimum.Converged ? null : "BFGS stopped before the gradient test passed") { BootstrapUnconverged = Enumerable.Range(0, draws.Length).Count(k => !resampled[k * m + i].Converged) };
            domains[i] = new BiMixLrDomainFit(data.Domains[i], BiMixLrParameters.From(optimum.Theta, s.WithAlpha),
                Enumerable.Range(0, draws.Length).Select(k => BiMixLrParameters.From(resampled[k * m + i].Theta, s.WithAlpha)).ToList(), diagnostics);
        }
        return new FittedBiMixLr(data.Domains, domains, ReferenceSchedule(data, eligible)) { AnnealingDecay = options.AnnealingDecay, Term = Term };
    }

    /// <summary>The schedule predictions stretch when a point names none: the longest fitted run's (the first such run).</summary>
    private static LrSchedule ReferenceSchedule(BiMixData data, IReadOnlyList<int> runs) =>
        runs.Select(r => data.Runs[r].Schedule!).MaxBy(s => s.TotalSteps)!;

    /// <summary>The domain's observations at a positive proportion (the law diverges at r = 0, as BiMix's does).</summary>
    private static List<LossObservation> Points(BiMixData data, int domain) =>
        data.Observations.Where(o => o.Domain == domain && data.Runs[o.Run].Proportions[domain] > 0).ToList();

    private static bool Supports(Series s, double[] multiplicity)
    {
        var kept = s.Points.Where((_, j) => multiplicity[s.Run[j]] > 0).ToList();
        return kept.Count >= RequiredPoints && kept.Select(p => p.Step).Distinct().Count() >= RequiredSteps
            && (!s.WithAlpha || kept.Select(p => p.Proportion).Distinct().Count() >= 2);
    }

    // θ = (ln b, ln c, ln d, α, β): b, c, d > 0 as the law means them (a power-law term, an irreducible loss, annealing that
    // lowers the loss). Left free, c and d drift to b → ∞, c → −∞, β → 0 (a logarithm in S1) and a negative d, which fit
    // the observed window as well and extrapolate absurdly. α stays 0 for a domain seen at one proportion (not identifiable).
    private static readonly double[] AlphaStarts = [0, 0.05, 0.1, 0.2, 0.4];
    private static readonly double[] BetaStarts = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5];

    private static Optimum FitFromGrid(Series s, LogResidualLoss loss)
    {
        var weights = Enumerable.Repeat(1.0, s.Points.Length).ToArray();
        var starts = new List<double[]>();
        foreach (var alpha in s.WithAlpha ? AlphaStarts : [0.0])
        foreach (var beta in BetaStarts)
            starts.AddRange(LinearStarts(s, alpha, beta));
        var best = starts
            .Select(theta => (Theta: theta, Value: Objective(s, loss, weights, s.WithAlpha, theta, null)))
            .Where(x => double.IsFinite(x.Value))
            .OrderBy(x => x.Value).Take(4)
            .Select(x => Minimize(s, loss, x.Theta, weights, s.WithAlpha))
            .MinBy(o => o.Value);
        return best ?? throw new InsufficientDataException($"domain '{s.Domain}': no starting point gives a positive loss everywhere");
    }

    /// <summary>
    /// For fixed α, β the law is linear in b, c, d: y r^α = b S1^-β + c − d S2, solved with weights 1/y² (relative residuals).
    /// When S1 and S2 are nearly collinear (one schedule shape, a short memory λ) that solution can trade a negative b for a
    /// large d, and no start survives; so the law without annealing (d = 0) is solved too and started at a few fractions of
    /// the largest d that keeps the loss positive, from where the refinement finds d (from d ≈ 0 in log space it cannot).
    /// </summary>
    private static IEnumerable<double[]> LinearStarts(Series s, double alpha, double beta)
    {
        var (b, c, d) = WeightedLeastSquares(s, alpha, beta, withAnnealing: true);
        if (b > 0 && double.IsFinite(c) && double.IsFinite(d))
        {
            c = PositiveFloor(s, alpha, c);
            yield return Start(b, c, d, LargestFeasibleAnnealing(s, b, c, beta), alpha, beta);
        }
        (b, c, _) = WeightedLeastSquares(s, alpha, beta, withAnnealing: false);
        if (!(b > 0) || !double.IsFinite(c)) yield break;
        c = PositiveFloor(s, alpha, c);
        var largest = LargestFeasibleAnnealing(s, b, c, beta);
        if (!double.IsFinite(largest)) yield return Start(b, c, 0, largest, alpha, beta); // nothing bounds d (S2 ≤ 0 everywhere)
        else foreach (var fraction in AnnealingStartFractions) yield return Start(b, c, fraction * largest, largest, alpha, beta);
    }

    private static readonly double[] AnnealingStartFractions = [0.01, 0.3];

    /// <summary>θ for positive b, c and d kept below half the largest d that keeps the loss positive.</summary>
    private static double[] Start(double b, double c, double d, double largestD, double alpha, double beta) =>
        [Math.Log(b), Math.Log(c), Math.Log(Math.Min(Math.Max(d, 1e-8), 0.5 * largestD)), alpha, beta];

    /// <summary>The unconstrained solution may leave the positive orthant: an irreducible loss ≤ 0 starts at half the smallest observed.</summary>
    private static double PositiveFloor(Series s, double alpha, double c) =>
        c > 0 ? c : 0.5 * s.Points.Min(p => p.Loss * Math.Pow(p.Proportion, alpha));

    private static (double B, double C, double D) WeightedLeastSquares(Series s, double alpha, double beta, bool withAnnealing)
    {
        var n = withAnnealing ? 3 : 2;
        var a = new double[n, n];
        var rhs = new double[n];
        foreach (var p in s.Points)
        {
            double[] x = [Math.Pow(p.Area.S1, -beta), 1, -p.Area.S2];
            var target = p.Loss * Math.Pow(p.Proportion, alpha);
            var w = 1 / (target * target);
            for (var u = 0; u < n; u++)
            {
                rhs[u] += w * x[u] * target;
                for (var v = 0; v < n; v++) a[u, v] += w * x[u] * x[v];
            }
        }
        for (var u = 0; u < n; u++) a[u, u] += 1e-12 * (1 + a[u, u]); // a constant schedule has S2 ≡ 0: keep d at 0
        var solution = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(a)
            .Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(rhs));
        return (solution[0], solution[1], withAnnealing ? solution[2] : 0);
    }

    /// <summary>
    /// The d at which b S1^-β + c − d S2 first reaches zero at a fitted point (∞ where S2 ≤ 0 everywhere). Once c is moved
    /// inside the orthant, the linear solution's d may overshoot it; a start there has an infinite objective and is lost.
    /// </summary>
    private static double LargestFeasibleAnnealing(Series s, double b, double c, double beta) =>
        s.Points.Where(p => p.Area.S2 > 0).Select(p => (b * Math.Pow(p.Area.S1, -beta) + c) / p.Area.S2).DefaultIfEmpty(double.PositiveInfinity).Min();

    private static Optimum Minimize(Series s, LogResidualLoss loss, double[] start, double[] weights, bool withAlpha)
    {
        var (x, value, iterations, gradientNorm, converged) = Bfgs.Minimize(
            (theta, gradient) => Objective(s, loss, weights, withAlpha, theta, gradient), start, 1e-10, 1e-14, 2000);
        return new Optimum(x, value, iterations, gradientNorm, converged);
    }

    /// <summary>Σ w ρ(ln y − ln ŷ) and its gradient; +∞ where the bracket is not positive.</summary>
    private static double Objective(Series s, LogResidualLoss loss, double[] weights, bool withAlpha, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double b = Math.Exp(theta[0]), c = Math.Exp(theta[1]), d = Math.Exp(theta[2]), alpha = withAlpha ? theta[3] : 0, beta = theta[4];
        if (gradient.Length > 0) gradient.Clear();
        var total = 0.0;
        for (var j = 0; j < s.Points.Length; j++)
        {
            var p = s.Points[j];
            var power = b * Math.Pow(p.Area.S1, -beta);
            var bracket = power + c - d * p.Area.S2;
            if (!(bracket > 0)) return double.PositiveInfinity;
            var residual = p.LogLoss + alpha * p.LogProportion - Math.Log(bracket);
            total += weights[j] * loss.Rho(residual);
            if (gradient.Length == 0) continue;
            // ∂(ln ŷ)/∂θ, times −w ψ(residual)
            var scale = -weights[j] * loss.Psi(residual);
            gradient[0] += scale * power / bracket;
            gradient[1] += scale * c / bracket;
            gradient[2] += scale * -d * p.Area.S2 / bracket;
            if (withAlpha) gradient[3] += scale * -p.LogProportion;
            gradient[4] += scale * -power * Math.Log(p.Area.S1) / bracket;
        }
        return total;
    }

    private sealed record Optimum(double[] Theta, double Value, int Iterations, double GradientNorm, bool Converged);

    private sealed record Point(double Proportion, double Step, AnnealingArea Area, double Loss)
    {
        public double LogLoss => Math.Log(Loss);
        public double LogProportion => Math.Log(Proportion);
    }

    private sealed record Series(string Domain, Point[] Points, int[] Run, bool WithAlpha)
    {
        /// <summary>α is fitted only where the domain was seen at two proportions or more.</summary>
        public static Series Of(BiMixData data, int domain, AnnealingTerm term, double decay)
        {
            var observations = BiMixLrLaw.Points(data, domain);
            var points = observations.Select(o => new Point(
                data.Runs[o.Run].Proportions[domain], o.Step, term.At(data.Runs[o.Run].Schedule!, o.Step, decay), o.Loss)).ToArray();
            var proportions = points.Select(p => p.Proportion).Distinct().Count();
            return new Series(data.Domains[domain], points, observations.Select(o => o.Run).ToArray(), proportions >= 2);
        }
    }
}
