namespace ScalingApi.Laws.BiMix;

internal sealed record LmResult(double[] Theta, double Value, int Iterations, double GradientNorm, bool Converged, string? Message);

/// <summary>
/// Levenberg–Marquardt on <see cref="LogSpaceObjective"/> (3–4 log parameters). Our own rather than
/// MathNet's: MathNet 5.0.0 stops early with large parameter values, and a hand-rolled loop lets us
/// judge convergence ourselves by the Newton decrement (the decrease a full Gauss–Newton step would
/// still predict) instead of trusting an exit code.
/// </summary>
internal static class LevenbergMarquardt
{
    private const int MaxIterations = 300;
    /// <summary>Converged once a Gauss–Newton step would gain less than this fraction of the objective.</summary>
    private const double RelativeDecrement = 1e-11;
    private const double AbsoluteDecrement = 1e-26;

    // Box on the log parameters: wide enough for any sensible loss curve, tight enough that exp never overflows.
    private static readonly double[] Lower = [-60, -60, Math.Log(1e-4), Math.Log(1e-6)];
    private static readonly double[] Upper = [200, 40, Math.Log(5), Math.Log(10)];

    public static LmResult Minimize(LogSpaceObjective objective, ReadOnlySpan<double> start, double[]? weights)
    {
        var p = objective.Dimension;
        var theta = new double[p];
        for (var a = 0; a < p; a++) theta[a] = Math.Clamp(start[a], Lower[a], Upper[a]);
        var gradient = new double[p];
        var hessian = new double[p * p];
        var system = new double[p * p];
        var step = new double[p];
        var trial = new double[p];
        var mu = 1e-3;
        var value = double.NaN;

        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            value = objective.Linearize(theta, weights, gradient, hessian);
            var gradientNorm = Norm(gradient);
            if (!double.IsFinite(value))
                return new LmResult(theta, value, iteration, gradientNorm, false, "objective is not finite at the current parameters");

            // Newton decrement with a whisker of damping so a flat direction cannot make it blow up.
            if (Solve(hessian, gradient, 1e-12, system, step))
            {
                var decrement = -Dot(gradient, step) / 2;
                if (decrement <= RelativeDecrement * value + AbsoluteDecrement)
                    return new LmResult(theta, value, iteration, gradientNorm, true, null);
            }

            var accepted = false;
            while (mu <= 1e12)
            {
                if (Solve(hessian, gradient, mu, system, step))
                {
                    for (var a = 0; a < p; a++) trial[a] = Math.Clamp(theta[a] + step[a], Lower[a], Upper[a]);
                    var trialValue = objective.Value(trial, weights);
                    if (trialValue < value)
                    {
                        Array.Copy(trial, theta, p);
                        mu = Math.Max(mu / 3, 1e-12);
                        accepted = true;
                        break;
                    }
                }
                mu *= 4;
            }
            if (!accepted)
            {
                // No damped step decreases the objective: we sit at a (floating-point) minimum, possibly on the box.
                var atBound = theta.Select((v, a) => v <= Lower[a] + 1e-9 || v >= Upper[a] - 1e-9).Any(b => b);
                return new LmResult(theta, value, iteration, gradientNorm, !atBound && gradientNorm < 1e-6 * Math.Max(1, value),
                    atBound ? "a parameter reached its bound" : "no descent step found");
            }
        }
        objective.Linearize(theta, weights, gradient, hessian);
        return new LmResult(theta, objective.Value(theta, weights), MaxIterations, Norm(gradient), false,
            $"no convergence within {MaxIterations} iterations");
    }

    /// <summary>Solves (H + μ diag(H)) x = −g by Cholesky; false if not positive definite.</summary>
    private static bool Solve(double[] h, double[] g, double mu, double[] l, double[] x)
    {
        var p = g.Length;
        for (var a = 0; a < p; a++)
            for (var b = 0; b < p; b++)
                l[a * p + b] = h[a * p + b] + (a == b ? mu * h[a * p + a] + 1e-300 : 0);
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = l[a * p + b];
                for (var k = 0; k < b; k++) sum -= l[a * p + k] * l[b * p + k];
                if (a == b)
                {
                    if (!(sum > 0)) return false;
                    l[a * p + a] = Math.Sqrt(sum);
                }
                else l[a * p + b] = sum / l[b * p + b];
            }
        }
        for (var a = 0; a < p; a++)
        {
            var sum = -g[a];
            for (var k = 0; k < a; k++) sum -= l[a * p + k] * x[k];
            x[a] = sum / l[a * p + a];
        }
        for (var a = p - 1; a >= 0; a--)
        {
            var sum = x[a];
            for (var k = a + 1; k < p; k++) sum -= l[k * p + a] * x[k];
            x[a] = sum / l[a * p + a];
        }
        return x.All(double.IsFinite);
    }

    private static double Dot(double[] a, double[] b) { var s = 0.0; for (var i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
