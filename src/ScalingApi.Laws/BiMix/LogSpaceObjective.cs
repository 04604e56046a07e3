using System.Runtime.CompilerServices;

namespace ScalingApi.Laws.BiMix;

/// <summary>
/// The fitted objective: Σ_j m_j ρ(ln y_j − ln ŷ_j) with ρ Huber(δ) or ½e², over parameters
/// θ = (ln b, ln c, ln β[, ln α]). Log parameters keep b, c, β, α positive and make the problem
/// well scaled whatever their magnitudes. Without α (single-proportion domain) the model is
/// ŷ = b s^-β + c. ln(b s^-β + c) depends on the step only, so it is evaluated once per distinct
/// step (runs share checkpoints), which removes most of the exp/log work.
/// </summary>
internal sealed class LogSpaceObjective(DomainSeries series, FitObjective kind, double huberDelta, bool withAlpha)
{
    private const int StackLevels = 256;

    public int Dimension { get; } = withAlpha ? 4 : 3;
    public DomainSeries Series => series;

    /// <summary>
    /// Box on θ. b and c below a millionth of the loss scale change no prediction, so their floor is
    /// relative to the data: a fit that wants c → 0 (no resolvable irreducible loss) stops on the
    /// bound instead of crawling towards ln c = −∞. Everything stays far from exp overflow.
    /// </summary>
    public double[] Lower { get; } = Bounds(series, lower: true, withAlpha);
    public double[] Upper { get; } = Bounds(series, lower: false, withAlpha);

    private static double[] Bounds(DomainSeries series, bool lower, bool withAlpha)
    {
        var scale = series.Count == 0 ? 0 : series.LogLoss.Max();
        double[] box = lower
            ? [scale - 14, scale - 14, Math.Log(1e-4), Math.Log(1e-6)]
            : [200, scale + 14, Math.Log(5), Math.Log(10)];
        return withAlpha ? box : box[..3];
    }

    /// <summary>Objective value; <paramref name="weights"/> are per-point multiplicities (null = 1).</summary>
    // Hot numeric loop: skip tier-0 JIT so the first fits in a process are already fast.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Value(ReadOnlySpan<double> theta, double[]? weights)
    {
        var levels = series.StepLevels.Length;
        Span<double> logStepFactor = levels <= StackLevels ? stackalloc double[levels] : new double[levels];
        Span<double> share = levels <= StackLevels ? stackalloc double[levels] : new double[levels];
        StepTerms(theta, logStepFactor, share);
        var alpha = withAlpha ? Math.Exp(theta[3]) : 0.0;
        var total = 0.0;
        for (var j = 0; j < series.Count; j++)
        {
            var m = weights is null ? 1.0 : weights[j];
            if (m == 0) continue;
            var e = series.LogLoss[j] - (logStepFactor[series.StepLevel[j]] - alpha * series.LogProportion[j]);
            total += m * Rho(e);
        }
        return total;
    }

    /// <summary>
    /// Value, gradient and a positive semi-definite Gauss–Newton Hessian. For Huber the Hessian uses
    /// IRLS weights ψ(e)/e (1 inside δ, δ/|e| outside), which stay positive where ρ'' is zero.
    /// </summary>
    // Hot numeric loop: skip tier-0 JIT so the first fits in a process are already fast.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Linearize(ReadOnlySpan<double> theta, double[]? weights, Span<double> gradient, Span<double> hessian)
    {
        var p = Dimension;
        gradient.Clear(); hessian.Clear();
        var levels = series.StepLevels.Length;
        Span<double> logStepFactor = levels <= StackLevels ? stackalloc double[levels] : new double[levels];
        Span<double> share = levels <= StackLevels ? stackalloc double[levels] : new double[levels];
        StepTerms(theta, logStepFactor, share);
        var beta = Math.Exp(theta[2]);
        var alpha = withAlpha ? Math.Exp(theta[3]) : 0.0;
        Span<double> jac = stackalloc double[4];
        var total = 0.0;
        for (var j = 0; j < series.Count; j++)
        {
            var m = weights is null ? 1.0 : weights[j];
            if (m == 0) continue;
            var level = series.StepLevel[j];
            var u = share[level];
            var e = series.LogLoss[j] - (logStepFactor[level] - alpha * series.LogProportion[j]);
            total += m * Rho(e);
            // ∂ ln ŷ / ∂θ
            jac[0] = u;
            jac[1] = 1 - u;
            jac[2] = -beta * series.LogStep[j] * u;
            if (withAlpha) jac[3] = -alpha * series.LogProportion[j];
            var psi = Psi(e);
            var w = m * IrlsWeight(e);
            for (var a = 0; a < p; a++)
            {
                gradient[a] -= m * psi * jac[a];
                for (var b = 0; b <= a; b++)
                    hessian[a * p + b] += w * jac[a] * jac[b];
            }
        }
        for (var a = 0; a < p; a++)
            for (var b = 0; b < a; b++)
                hessian[b * p + a] = hessian[a * p + b];
        return total;
    }

    /// <summary>ln ŷ at every point: ln(b s^-β + c) − α ln r.</summary>
    public double[] LogPredictions(ReadOnlySpan<double> theta)
    {
        var levels = series.StepLevels.Length;
        var logStepFactor = new double[levels];
        StepTerms(theta, logStepFactor, new double[levels]);
        var alpha = withAlpha ? Math.Exp(theta[3]) : 0.0;
        var result = new double[series.Count];
        for (var j = 0; j < result.Length; j++)
            result[j] = logStepFactor[series.StepLevel[j]] - alpha * series.LogProportion[j];
        return result;
    }

    /// <summary>The same objective on a resample's log losses.</summary>
    public LogSpaceObjective WithSeries(DomainSeries resampled) => new(resampled, kind, huberDelta, withAlpha);

    /// <summary>Per distinct step: ln(b s^-β + c) and the share b s^-β / (b s^-β + c).</summary>
    private void StepTerms(ReadOnlySpan<double> theta, Span<double> logStepFactor, Span<double> share)
    {
        double lnB = theta[0], c = Math.Exp(theta[1]), beta = Math.Exp(theta[2]);
        for (var k = 0; k < logStepFactor.Length; k++)
        {
            var t = Math.Exp(lnB - beta * series.StepLevels[k]);
            logStepFactor[k] = Math.Log(t + c);
            share[k] = t / (t + c);
        }
    }

    public double Rho(double e)
    {
        if (kind == FitObjective.LeastSquares) return 0.5 * e * e;
        var abs = Math.Abs(e);
        return abs <= huberDelta ? 0.5 * e * e : huberDelta * (abs - 0.5 * huberDelta);
    }

    private double Psi(double e) =>
        kind == FitObjective.LeastSquares ? e : Math.Clamp(e, -huberDelta, huberDelta);

    private double IrlsWeight(double e)
    {
        if (kind == FitObjective.LeastSquares) return 1.0;
        var abs = Math.Abs(e);
        return abs <= huberDelta ? 1.0 : huberDelta / abs;
    }
}
