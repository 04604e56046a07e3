namespace ScalingApi.Laws.BiMix;

/// <summary>
/// Variable projection over (α, β): for each grid cell the model is linear in (b, c), so a 2×2
/// non-negative least-squares solve gives them. The solve is in raw space on relative residuals
/// ((ŷ − y)/y, close to the log residual when the fit is good); each cell is then scored on the
/// true log-space objective and the best cells become Levenberg–Marquardt starts.
/// </summary>
internal static class StartingGrid
{
    private static readonly double[] Alphas = Geometric(0.005, 1.5, 14);
    private static readonly double[] Betas = Geometric(0.02, 2.5, 18);

    /// <summary>Starting θ vectors (log parameters), best first.</summary>
    public static List<double[]> BestStarts(LogSpaceObjective objective, int count)
    {
        var series = objective.Series;
        var withAlpha = objective.Dimension == 4;
        var alphas = withAlpha ? Alphas : [0.0];
        var inverseLoss = series.LogLoss.Select(l => Math.Exp(-l)).ToArray();
        var scored = new List<(double Value, double[] Theta)>();
        var theta = new double[objective.Dimension];

        foreach (var alpha in alphas)
            foreach (var beta in Betas)
            {
                // Normal equations of Σ ((b x1 + c x2) / y − 1)², x1 = r^-α s^-β, x2 = r^-α.
                double a11 = 0, a12 = 0, a22 = 0, r1 = 0, r2 = 0;
                for (var j = 0; j < series.Count; j++)
                {
                    var x2 = Math.Exp(-alpha * series.LogProportion[j]) * inverseLoss[j];
                    var x1 = x2 * Math.Exp(-beta * series.LogStep[j]);
                    a11 += x1 * x1; a12 += x1 * x2; a22 += x2 * x2; r1 += x1; r2 += x2;
                }
                var (b, c) = NonNegative2x2(a11, a12, a22, r1, r2);
                // A zero coefficient has no logarithm; a tiny positive one lets LM move it if the data want.
                theta[0] = Math.Log(Math.Max(b, 1e-8));
                theta[1] = Math.Log(Math.Max(c, 1e-8));
                theta[2] = Math.Log(beta);
                if (withAlpha) theta[3] = Math.Log(alpha);
                var value = objective.Value(theta, null);
                if (double.IsFinite(value)) scored.Add((value, (double[])theta.Clone()));
            }
        return scored.OrderBy(s => s.Value).Take(count).Select(s => s.Theta).ToList();
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
