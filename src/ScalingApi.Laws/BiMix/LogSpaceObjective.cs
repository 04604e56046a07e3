namespace ScalingApi.Laws.BiMix;

/// <summary>
/// The fitted objective: Σ_j m_j ρ(ln y_j − ln ŷ_j) with ρ Huber(δ) or ½e², over parameters
/// θ = (ln b, ln c, ln β[, ln α]). Log parameters keep b, c, β, α positive and make the problem
/// well scaled whatever their magnitudes. Without α (single-proportion domain) the model is
/// ŷ = b s^-β + c.
/// </summary>
internal sealed class LogSpaceObjective(DomainSeries series, FitObjective kind, double huberDelta, bool withAlpha)
{
    public int Dimension { get; } = withAlpha ? 4 : 3;
    public DomainSeries Series => series;

    /// <summary>Objective value; <paramref name="weights"/> are per-point multiplicities (null = 1).</summary>
    public double Value(ReadOnlySpan<double> theta, double[]? weights)
    {
        double lnB = theta[0], c = Math.Exp(theta[1]), beta = Math.Exp(theta[2]);
        var alpha = withAlpha ? Math.Exp(theta[3]) : 0.0;
        var total = 0.0;
        for (var j = 0; j < series.Count; j++)
        {
            var m = weights is null ? 1.0 : weights[j];
            if (m == 0) continue;
            var t = Math.Exp(lnB - beta * series.LogStep[j]);
            var e = series.LogLoss[j] - (Math.Log(t + c) - alpha * series.LogProportion[j]);
            total += m * Rho(e);
        }
        return total;
    }

    /// <summary>
    /// Value, gradient and a positive semi-definite Gauss–Newton Hessian. For Huber the Hessian uses
    /// IRLS weights ψ(e)/e (1 inside δ, δ/|e| outside), which stay positive where ρ'' is zero.
    /// </summary>
    public double Linearize(ReadOnlySpan<double> theta, double[]? weights, Span<double> gradient, Span<double> hessian)
    {
        var p = Dimension;
        gradient.Clear(); hessian.Clear();
        double lnB = theta[0], c = Math.Exp(theta[1]), beta = Math.Exp(theta[2]);
        var alpha = withAlpha ? Math.Exp(theta[3]) : 0.0;
        Span<double> jac = stackalloc double[4];
        var total = 0.0;
        for (var j = 0; j < series.Count; j++)
        {
            var m = weights is null ? 1.0 : weights[j];
            if (m == 0) continue;
            var t = Math.Exp(lnB - beta * series.LogStep[j]);
            var q = t + c;
            var u = t / q;
            var e = series.LogLoss[j] - (Math.Log(q) - alpha * series.LogProportion[j]);
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
