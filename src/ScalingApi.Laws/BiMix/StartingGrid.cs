using System.Runtime.CompilerServices;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Variable projection over (α, β): for each grid cell the model is linear in (b, c), so a 2×2
/// non-negative least-squares solve gives them. The solve is in raw space on relative residuals
/// ((ŷ − y)/y, the first-order log residual), which makes the cell's residual a closed form of five
/// sums; r^-α and s^-β are tabulated once per grid value, so a cell costs multiplications only.
/// The best cells become Levenberg–Marquardt starts on the true log-space objective.
/// </summary>
internal static class StartingGrid
{
    private static readonly double[] Alphas = Geometric(0.005, 1.5, 14);
    private static readonly double[] Betas = Geometric(0.02, 2.5, 18);

    /// <summary>Starting θ vectors (log parameters), best first.</summary>
    // Hot numeric loop: skip tier-0 JIT so the first fits in a process are already fast.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<double[]> BestStarts(LogSpaceObjective objective, int count)
    {
        var series = objective.Series;
        var n = series.Count;
        var withAlpha = objective.Dimension == 4;
        var alphas = withAlpha ? Alphas : [0.0];

        // r^-α / y per α, and s^-β per β.
        var proportionTerm = new double[alphas.Length][];
        for (var a = 0; a < alphas.Length; a++)
        {
            proportionTerm[a] = new double[n];
            for (var j = 0; j < n; j++)
                proportionTerm[a][j] = Math.Exp(-alphas[a] * series.LogProportion[j] - series.LogLoss[j]);
        }
        var stepTerm = new double[Betas.Length][];
        for (var b = 0; b < Betas.Length; b++)
        {
            stepTerm[b] = new double[n];
            for (var j = 0; j < n; j++) stepTerm[b][j] = Math.Exp(-Betas[b] * series.LogStep[j]);
        }

        var scored = new List<(double Residual, double Alpha, double Beta, double B, double C)>(alphas.Length * Betas.Length);
        for (var a = 0; a < alphas.Length; a++)
        {
            var x2 = proportionTerm[a];
            double a22 = 0, r2 = 0;
            for (var j = 0; j < n; j++) { a22 += x2[j] * x2[j]; r2 += x2[j]; }
            for (var b = 0; b < Betas.Length; b++)
            {
                var sb = stepTerm[b];
                // Normal equations of Σ ((b x1 + c x2) / y − 1)², x1 = r^-α s^-β, x2 = r^-α.
                double a11 = 0, a12 = 0, r1 = 0;
                for (var j = 0; j < n; j++)
                {
                    var x1 = x2[j] * sb[j];
                    a11 += x1 * x1; a12 += x1 * x2[j]; r1 += x1;
                }
                var (coefB, coefC) = NonNegative2x2(a11, a12, a22, r1, r2);
                var residual = n - 2 * (coefB * r1 + coefC * r2) + coefB * coefB * a11 + 2 * coefB * coefC * a12 + coefC * coefC * a22;
                scored.Add((residual, alphas[a], Betas[b], coefB, coefC));
            }
        }

        return scored.OrderBy(s => s.Residual).Take(count).Select(s =>
        {
            // A zero coefficient has no logarithm; a tiny positive one lets LM move it if the data want.
            double[] theta = [Math.Log(Math.Max(s.B, 1e-8)), Math.Log(Math.Max(s.C, 1e-8)), Math.Log(s.Beta)];
            return withAlpha ? [.. theta, Math.Log(s.Alpha)] : theta;
        }).ToList();
    }

    /// <summary>min ½xᵀAx − rᵀx over x ≥ 0 for a 2×2 SPD A: the unconstrained solution or the best face.</summary>
    internal static (double B, double C) NonNegative2x2(double a11, double a12, double a22, double r1, double r2)
    {
        var det = a11 * a22 - a12 * a12;
        if (det > 1e-14 * a11 * a22)
        {
            var b = (a22 * r1 - a12 * r2) / det;
            var c = (a11 * r2 - a12 * r1) / det;
            if (b >= 0 && c >= 0) return (b, c);
        }
        var bOnly = a11 > 0 ? Math.Max(r1 / a11, 0) : 0;
        var cOnly = a22 > 0 ? Math.Max(r2 / a22, 0) : 0;
        // Objective on each face: −r²/(2a); pick the lower.
        var bValue = a11 > 0 ? -bOnly * r1 / 2 : 0;
        var cValue = a22 > 0 ? -cOnly * r2 / 2 : 0;
        return bValue <= cValue ? (bOnly, 0) : (0, cOnly);
    }

    private static double[] Geometric(double first, double last, int count) =>
        Enumerable.Range(0, count).Select(k => first * Math.Pow(last / first, k / (double)(count - 1))).ToArray();
}
