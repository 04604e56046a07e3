using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Catalog;
using ScalingApi.Laws.Optimization;

namespace ScalingApi.Laws.DataMixing;

/// <summary>
/// Ye et al.'s Data Mixing Law L_i(r) = c_i + k_i exp(Σ_j t_ij r_j) at one fixed step: every domain's loss
/// depends on the whole mixture, so transfer between domains is captured (BiMix ignores it). The step is
/// <see cref="LawFitOptions.AtStep"/>, else the last checkpoint step every run reached.
/// Fitted per domain in log space (Huber on ln y − ln ŷ, like the other laws) with BFGS from several starts:
/// for a fixed c, ln(y − c) = ln k + t·r is linear, so least squares gives t for a ladder of c values.
/// Because Σ r_j = 1, k and a common shift of the t_ij are one degree of freedom: the fit is reported with
/// Σ_j t_ij = 0, leaving m + 1 free parameters per domain.
/// </summary>
public sealed class DataMixingLaw : IScalingLaw
{
    public string Name => "dml";
    public string Formula => "L_i(r) = c_i + k_i exp(sum_j t_ij r_j) at one step (sum_j t_ij = 0 by convention)";

    /// <summary>c, k and one t per domain of the experiment; the names of t depend on the domains, so they are t[0], t[1], ….</summary>
    public IReadOnlyList<string> ParameterNames { get; } = ["c", "k"];

    public static IReadOnlyList<string> NamesFor(IReadOnlyList<string> domains) => ["c", "k", .. domains.Select(d => $"t[{d}]")];

    public string? Inapplicable(BiMixData data, LawFitOptions options)
    {
        var m = data.Domains.Count;
        var step = options.AtStep ?? CommonLastStep(data);
        if (step is null) return "the runs share no checkpoint step at which every domain was measured; give atStep";
        var mixtures = Mixtures(data, step.Value).Count;
        var needed = m + 2;
        return mixtures >= needed
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"needs at least {needed} distinct mixtures (m + 2 for {m} domains) with every domain's loss at step {step}; has {mixtures}: add {needed - mixtures} more run(s)");
    }

    public IFittedLaw Fit(BiMixData data, LawFitOptions options)
    {
        if (Inapplicable(data, options) is { } why) throw new InsufficientDataException(why);
        var step = options.AtStep ?? CommonLastStep(data)!.Value;
        var runs = Mixtures(data, step);
        var m = data.Domains.Count;
        var proportions = runs.Select(r => data.Runs[r].Proportions.ToArray()).ToArray();
        var losses = Enumerable.Range(0, m).Select(i => runs.Select(r => data.Observations.First(o => o.Run == r && o.Domain == i && o.Step == step).Loss).ToArray()).ToArray();
        var objectives = losses.Select(y => new DataMixingObjective(proportions, y, options.Objective, options.HuberDelta)).ToArray();
        var optima = objectives.Select(FitFromStarts).ToArray();

        var draws = options.BootstrapResamples == 0
            ? []
            : RunBootstrap.DrawRunMultiplicities(runs.Count, Enumerable.Range(0, runs.Count).ToList(), options.BootstrapResamples, options.Seed,
                multiplicity => multiplicity.Count(x => x > 0) >= m + 1);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount };
        var resampled = new double[draws.Length * m][];
        var unconverged = new int[m];
        Parallel.For(0, resampled.Length, parallel, index =>
        {
            int k = index / m, i = index % m;
            var result = Bfgs.Minimize((x, g) => objectives[i].Evaluate(x, draws[k], g), optima[i].X, Tolerance, Tolerance, MaxIterations);
            resampled[index] = result.X;
            if (!result.Converged) Interlocked.Increment(ref unconverged[i]);
        });

        var fits = Enumerable.Range(0, m).Select(i =>
        {
            var optimum = optima[i];
            var law = DataMixingDomainLaw.FromTheta(optimum.X);
            var predicted = proportions.Select(law.Predict).ToArray();
            var diagnostics = new FitDiagnostics(optimum.Converged, optimum.Iterations, optimum.Value, optimum.GradientNorm, runs.Count,
                losses[i].Zip(predicted, Metrics.FitMetrics.RelativeError).Average(), Metrics.FitMetrics.TryLogRSquared(losses[i], predicted) ?? 0,
                optimum.Converged ? null : $"no convergence within {optimum.Iterations} iterations") { BootstrapUnconverged = unconverged[i] };
            return new DataMixingDomainFit(data.Domains[i], law,
                Enumerable.Range(0, draws.Length).Select(k => DataMixingDomainLaw.FromTheta(resampled[k * m + i])).ToList(), diagnostics);
        }).ToList();
        return new FittedDataMixing(data.Domains, fits, step);
    }

    private const double Tolerance = 1e-12;
    private const int MaxIterations = 3000;

    private static (double[] X, double Value, int Iterations, double GradientNorm, bool Converged) FitFromStarts(DataMixingObjective objective)
    {
        var best = (X: Array.Empty<double>(), Value: double.PositiveInfinity, Iterations: 0, GradientNorm: double.NaN, Converged: false);
        foreach (var start in objective.Starts())
        {
            var result = Bfgs.Minimize((x, g) => objective.Evaluate(x, null, g), start, Tolerance, Tolerance, MaxIterations);
            if (result.Value < best.Value) best = result;
        }
        return double.IsFinite(best.Value) ? best : throw new InsufficientDataException("The data mixing law's objective is not finite from any start.");
    }

    /// <summary>The largest step at which every run with observations measured every domain; null when there is none.</summary>
    internal static double? CommonLastStep(BiMixData data)
    {
        var m = data.Domains.Count;
        var perRun = data.Observations.GroupBy(o => o.Run)
            .Select(run => run.GroupBy(o => o.Step).Where(s => s.Select(o => o.Domain).Distinct().Count() == m).Select(s => s.Key).ToHashSet())
            .ToList();
        if (perRun.Count == 0) return null;
        var common = perRun.Skip(1).Aggregate(perRun[0], (acc, steps) => { acc.IntersectWith(steps); return acc; });
        return common.Count == 0 ? null : common.Max();
    }

    /// <summary>Runs with every domain's loss at the step, one per distinct mixture (the first run of a repeated mixture).</summary>
    private static List<int> Mixtures(BiMixData data, double step)
    {
        var m = data.Domains.Count;
        var complete = data.Observations.Where(o => o.Step == step).GroupBy(o => o.Run)
            .Where(g => g.Select(o => o.Domain).Distinct().Count() == m).Select(g => g.Key).Order();
        var kept = new List<int>();
        foreach (var run in complete)
            if (!kept.Any(k => data.Runs[k].Proportions.Zip(data.Runs[run].Proportions).All(p => Math.Abs(p.First - p.Second) <= 1e-9)))
                kept.Add(run);
        return kept;
    }
}

/// <summary>Σ_j m_j ρ(ln y_j − ln(c + k e^{t·r_j})) over θ = (ln c, ln k, t_1..t_m).</summary>
internal sealed class DataMixingObjective(double[][] proportions, double[] losses, FitObjective kind, double huberDelta)
{
    private int Domains => proportions[0].Length;

    public double Evaluate(ReadOnlySpan<double> theta, double[]? weights, Span<double> gradient)
    {
        gradient.Clear();
        double c = Math.Exp(theta[0]), k = Math.Exp(theta[1]);
        var total = 0.0;
        for (var j = 0; j < losses.Length; j++)
        {
            var w = weights is null ? 1.0 : weights[j];
            if (w == 0) continue;
            var exponent = 0.0;
            for (var d = 0; d < Domains; d++) exponent += theta[2 + d] * proportions[j][d];
            var transfer = k * Math.Exp(exponent);
            var predicted = c + transfer;
            var r = Math.Log(losses[j]) - Math.Log(predicted);
            total += w * _loss.Rho(r);
            var g = -w * _loss.Psi(r) / predicted; // ∂ρ/∂ŷ
            gradient[0] += g * c;
            gradient[1] += g * transfer;
            for (var d = 0; d < Domains; d++) gradient[2 + d] += g * transfer * proportions[j][d];
        }
        return total;
    }

    /// <summary>For c at fractions of the smallest loss, t from least squares of ln(y − c) on r (k = 1).</summary>
    public IEnumerable<double[]> Starts()
    {
        var design = Matrix<double>.Build.DenseOfRowArrays(proportions);
        var svd = design.Svd();
        foreach (var fraction in new[] { 0.01, 0.3, 0.6, 0.85, 0.95 })
        {
            var c = fraction * losses.Min();
            var t = svd.Solve(Vector<double>.Build.Dense(losses.Select(y => Math.Log(y - c)).ToArray()));
            yield return [Math.Log(c), 0, .. t];
        }
    }

    private readonly LogResidualLoss _loss = new(kind, huberDelta);
}
