using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Optimization;

namespace ScalingApi.Laws.Chinchilla;

/// <summary>How one L-BFGS run finished.</summary>
internal sealed record ChinchillaOptimum(double[] Theta, double Value, int Iterations, double GradientNorm, bool Converged, string? Message);

/// <summary>
/// Epoch's recipe: a quasi-Newton descent (BFGS) from every start of a fixed grid (α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1},
/// a, b ∈ {0, 5, …, 25}: 4,500 starts), keeping the lowest objective. The surface has many local optima
/// (the grid exists because single starts land in them), so no start is skipped.
/// </summary>
internal static class ChinchillaOptimizer
{
    private static readonly double[] Exponents = [0, 0.5, 1, 1.5, 2];
    private static readonly double[] LogE = [-1, -0.5, 0, 0.5, 1];
    private static readonly double[] LogScales = [0, 5, 10, 15, 20, 25];

    public static IEnumerable<double[]> Grid() =>
        from a in LogScales
        from b in LogScales
        from e in LogE
        from alpha in Exponents
        from beta in Exponents
        select new[] { a, b, e, alpha, beta };

    public static ChinchillaOptimum FitFromGrid(ChinchillaObjective objective, ParallelOptions parallel)
    {
        var starts = Grid().ToList();
        var results = new ChinchillaOptimum[starts.Count];
        // Every start runs a short, loose L-BFGS; the best few basins are then polished to tight tolerances.
        Parallel.For(0, starts.Count, parallel, k => results[k] = Minimize(objective, starts[k], null, Scouting));
        var polished = results.Where(r => double.IsFinite(r.Value)).OrderBy(r => r.Value).Take(Polished)
            .Select(r => Minimize(objective, r.Theta, null, Polishing)).ToList();
        // Lowest objective wins; ties keep grid order so the result does not depend on thread timing.
        return polished.Where(r => double.IsFinite(r.Value)).MinBy(r => r.Value)
               ?? throw new InsufficientDataException("The Chinchilla objective is not finite from any start of the grid.");
    }

    private const int Polished = 16;

    internal sealed record Tolerances(double Gradient, double RelativeProgress, int MaxIterations);
    private static readonly Tolerances Scouting = new(1e-6, 1e-6, 30);
    private static readonly Tolerances Polishing = new(1e-13, 1e-15, 5000);

    public static ChinchillaOptimum Minimize(ChinchillaObjective objective, double[] start, double[]? weights) =>
        Minimize(objective, start, weights, Polishing);

    private static ChinchillaOptimum Minimize(ChinchillaObjective objective, double[] start, double[]? weights, Tolerances tolerances)
    {
        var (theta, value, iterations, gradientNorm, converged) = Bfgs.Minimize(
            (x, gradient) => objective.Evaluate(x, weights, gradient), start, tolerances.Gradient, tolerances.RelativeProgress, tolerances.MaxIterations);
        return new ChinchillaOptimum(theta, double.IsFinite(value) ? value : double.PositiveInfinity, iterations, gradientNorm, converged,
            converged ? null : $"no convergence within {iterations} iterations");
    }

    private static double Norm(double[] g) => Math.Sqrt(g.Sum(x => x * x));
}
