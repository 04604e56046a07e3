using System.Runtime.CompilerServices;

namespace ScalingApi.Laws.Optimization;

/// <summary>
/// Dense BFGS for small smooth problems (a handful to a few dozen parameters) with a backtracking (Armijo)
/// line search. Our own rather than MathNet's L-BFGS: Chinchilla's 4,500 grid starts per fit make
/// allocation and line-search overhead the cost, and a dense inverse Hessian is cheaper than a
/// limited-memory history at this size.
/// </summary>
internal static class Bfgs
{
    /// <summary>The inverse Hessian lives on the stack; beyond this the caller should use a limited-memory method.</summary>
    public const int MaxDimension = 64;

    public delegate double Function(ReadOnlySpan<double> x, Span<double> gradient);

    /// <returns>The minimiser, value, iterations, final gradient norm and whether the gradient test passed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] X, double Value, int Iterations, double GradientNorm, bool Converged) Minimize(
        Function f, double[] start, double gradientTolerance, double relativeProgress, int maxIterations)
    {
        var n = start.Length;
        if (n > MaxDimension) throw new ArgumentException($"BFGS here is for at most {MaxDimension} parameters.", nameof(start));
        var x = (double[])start.Clone();
        Span<double> g = stackalloc double[n], trial = stackalloc double[n], gTrial = stackalloc double[n];
        Span<double> d = stackalloc double[n], s = stackalloc double[n], y = stackalloc double[n], hy = stackalloc double[n];
        Span<double> h = stackalloc double[n * n];
        ResetIdentity(h);
        var value = f(x, g);
        var iteration = 0;
        var stalled = 0;
        for (; iteration < maxIterations; iteration++)
        {
            if (!double.IsFinite(value)) break;
            var norm = Norm(g);
            if (norm <= gradientTolerance) return (x, value, iteration, norm, true);

            for (var a = 0; a < n; a++) { var sum = 0.0; for (var b = 0; b < n; b++) sum -= h[a * n + b] * g[b]; d[a] = sum; }
            var slope = Dot(g, d);
            if (!(slope < 0)) { ResetIdentity(h); for (var a = 0; a < n; a++) d[a] = -g[a]; slope = -Dot(g, g); }

            var step = 1.0;
            double trialValue;
            while (true)
            {
                for (var a = 0; a < n; a++) trial[a] = x[a] + step * d[a];
                trialValue = f(trial, gTrial);
                if (double.IsFinite(trialValue) && trialValue <= value + 1e-4 * step * slope) break;
                step *= 0.5;
                if (step < 1e-20) return (x, value, iteration, norm, norm <= Math.Sqrt(gradientTolerance));
            }

            for (var a = 0; a < n; a++) { s[a] = trial[a] - x[a]; y[a] = gTrial[a] - g[a]; }
            var progress = value - trialValue;
            trial.CopyTo(x); gTrial.CopyTo(g);
            stalled = progress <= relativeProgress * Math.Abs(value) ? stalled + 1 : 0;
            value = trialValue;
            if (stalled >= 3) return (x, value, iteration + 1, Norm(g), true);

            var sy = Dot(s, y);
            if (sy <= 1e-300) continue; // curvature condition fails (kink of the Huber loss): keep the old inverse
            for (var a = 0; a < n; a++) { var sum = 0.0; for (var b = 0; b < n; b++) sum += h[a * n + b] * y[b]; hy[a] = sum; }
            var yhy = Dot(y, hy);
            var rho = 1 / sy;
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++)
                    h[a * n + b] += (1 + yhy * rho) * rho * s[a] * s[b] - rho * (hy[a] * s[b] + s[a] * hy[b]);
        }
        return (x, value, iteration, Norm(g), false);
    }

    private static void ResetIdentity(Span<double> h)
    {
        h.Clear();
        var n = (int)Math.Round(Math.Sqrt(h.Length));
        for (var a = 0; a < n; a++) h[a * n + a] = 1;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { var s = 0.0; for (var i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
