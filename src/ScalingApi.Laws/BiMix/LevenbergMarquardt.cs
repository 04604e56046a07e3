using System.Runtime.CompilerServices;

namespace ScalingApi.Laws.BiMix;

internal sealed record LmResult(double[] Theta, double Value, int Iterations, double GradientNorm, bool Converged, string? Message);

/// <summary>
/// Levenberg–Marquardt on <see cref="LogSpaceObjective"/> (3–4 log parameters) inside the objective's
/// box, with an active set: a parameter on a bound whose gradient points outwards is held there.
/// Our own rather than MathNet's: MathNet 5.0.0 stops early with large parameter values, and a
/// hand-rolled loop lets us judge convergence ourselves by the Newton decrement (the decrease a full
/// Gauss–Newton step on the free parameters would still predict) instead of trusting an exit code.
/// </summary>
internal static class LevenbergMarquardt
{
    private const int MaxIterations = 500;
    /// <summary>Converged once a Gauss–Newton step would gain less than this fraction of the objective.</summary>
    private const double RelativeDecrement = 1e-11;
    private const double AbsoluteDecrement = 1e-26;

    // Hot numeric loop: skip tier-0 JIT so the first fits in a process are already fast.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LmResult Minimize(LogSpaceObjective objective, ReadOnlySpan<double> start, double[]? weights)
    {
        var p = objective.Dimension;
        var (lower, upper) = (objective.Lower, objective.Upper);
        var theta = new double[p];
        for (var a = 0; a < p; a++) theta[a] = Math.Clamp(start[a], lower[a], upper[a]);
        var gradient = new double[p];
        var hessian = new double[p * p];
        var system = new double[p * p];
        var step = new double[p];
        var trial = new double[p];
        var active = new bool[p];
        var mu = 1e-3;

        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            var value = objective.Linearize(theta, weights, gradient, hessian);
            if (!double.IsFinite(value))
                return new LmResult(theta, value, iteration, Norm(gradient), false, "objective is not finite at the current parameters");
            HoldActiveBounds(theta, lower, upper, gradient, hessian, active);
            var gradientNorm = Norm(gradient);

            // Newton decrement with a whisker of damping so a flat direction cannot make it blow up.
            if (Solve(hessian, gradient, 1e-12, system, step))
            {
                var decrement = -Dot(gradient, step) / 2;
                if (decrement <= RelativeDecrement * value + AbsoluteDecrement)
                    return new LmResult(theta, value, iteration, gradientNorm, true, BoundMessage(active, theta, lower, upper));
            }

            var accepted = false;
            while (mu <= 1e12)
            {
                if (Solve(hessian, gradient, mu, system, step))
                {
                    for (var a = 0; a < p; a++) trial[a] = Math.Clamp(theta[a] + step[a], lower[a], upper[a]);
                    if (objective.Value(trial, weights) < value)
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
                // No damped step decreases the objective: a floating-point minimum if the gradient agrees.
                var stationary = gradientNorm <= 1e-6 * Math.Max(1, value);
                return new LmResult(theta, value, iteration, gradientNorm, stationary,
                    stationary ? BoundMessage(active, theta, lower, upper) : "no descent step found away from a stationary point");
            }
        }
        objective.Linearize(theta, weights, gradient, hessian);
        HoldActiveBounds(theta, lower, upper, gradient, hessian, active);
        return new LmResult(theta, objective.Value(theta, weights), MaxIterations, Norm(gradient), false,
            $"no convergence within {MaxIterations} iterations");
    }

    /// <summary>Fixes parameters sitting on a bound with the descent direction pointing out of the box (KKT active set).</summary>
    private static void HoldActiveBounds(double[] theta, double[] lower, double[] upper, double[] g, double[] h, bool[] active)
    {
        var p = theta.Length;
        for (var a = 0; a < p; a++)
        {
            active[a] = (theta[a] <= lower[a] && g[a] > 0) || (theta[a] >= upper[a] && g[a] < 0);
            if (!active[a]) continue;
            g[a] = 0;
            for (var b = 0; b < p; b++) h[a * p + b] = h[b * p + a] = 0;
            h[a * p + a] = 1;
        }
    }

    /// <summary>Names the parameters held on a bound, each with which edge it is and what that means.</summary>
    private static string? BoundMessage(bool[] active, double[] theta, double[] lower, double[] upper)
    {
        var atLower = active.Select((on, a) => on && theta[a] <= lower[a]).ToArray();
        var atUpper = active.Select((on, a) => on && !atLower[a]).ToArray();
        return BoundNote.Describe(atLower, atUpper, upper.Select(Math.Exp).ToArray());
    }

    /// <summary>Solves (H + μ diag(H)) x = −g by Cholesky; false if not positive definite.</summary>
    // Hot numeric loop: skip tier-0 JIT so the first fits in a process are already fast.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Solve(double[] h, double[] g, double mu, double[] l, double[] x)
    {
        var p = g.Length;
        // Marquardt scaling by diag(H), floored so a parameter the data barely see still gets damped.
        var floor = 0.0;
        for (var a = 0; a < p; a++) floor = Math.Max(floor, h[a * p + a]);
        floor *= 1e-10;
        for (var a = 0; a < p; a++)
            for (var b = 0; b < p; b++)
                l[a * p + b] = h[a * p + b] + (a == b ? mu * Math.Max(h[a * p + a], floor) : 0);
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
        for (var a = 0; a < p; a++)
            if (!double.IsFinite(x[a])) return false;
        return true;
    }

    private static double Dot(double[] a, double[] b) { var s = 0.0; for (var i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
