using ScalingApi.Laws.BiMix;
using ScalingApi.Laws.Optimization;

namespace ScalingApi.Laws.Chinchilla;

/// <summary>
/// Epoch's form of the Chinchilla objective: residuals r = ln y − LSE(a − α ln N, b − β ln D, e) over
/// θ = (a, b, e, α, β), with A = e^a, B = e^b, E = e^e; Σ m_j ρ(r_j), ρ Huber(δ) or ½r².
/// The log-sum-exp keeps A, B, E positive and the problem well scaled whatever their size.
/// </summary>
internal sealed class ChinchillaObjective(double[] logN, double[] logD, double[] logLoss, FitObjective kind, double huberDelta)
{
    public const int Dimension = 5;
    public int Count => logLoss.Length;

    /// <summary>Value and gradient at θ; <paramref name="weights"/> are per-point multiplicities (null = 1).</summary>
    public double Evaluate(ReadOnlySpan<double> theta, double[]? weights, Span<double> gradient)
    {
        double a = theta[0], b = theta[1], e = theta[2], alpha = theta[3], beta = theta[4];
        gradient.Clear();
        var total = 0.0;
        for (var j = 0; j < logLoss.Length; j++)
        {
            var m = weights is null ? 1.0 : weights[j];
            if (m == 0) continue;
            var t1 = a - alpha * logN[j];
            var t2 = b - beta * logD[j];
            var top = Math.Max(t1, Math.Max(t2, e));
            double w1 = Math.Exp(t1 - top), w2 = Math.Exp(t2 - top), w3 = Math.Exp(e - top);
            var sum = w1 + w2 + w3;
            var r = logLoss[j] - (top + Math.Log(sum));
            total += m * _loss.Rho(r);
            // ∂ρ/∂θ = −ψ(r) ∂LSE/∂θ, with ∂LSE/∂t_k = softmax_k
            var g = -m * _loss.Psi(r) / sum;
            gradient[0] += g * w1;
            gradient[1] += g * w2;
            gradient[2] += g * w3;
            gradient[3] -= g * w1 * logN[j];
            gradient[4] -= g * w2 * logD[j];
        }
        return total;
    }

    public double[] Residuals(ReadOnlySpan<double> theta)
    {
        var r = new double[Count];
        for (var j = 0; j < Count; j++)
            r[j] = logLoss[j] - ChinchillaLawParameters.LogPredict(theta, logN[j], logD[j]);
        return r;
    }

    private readonly LogResidualLoss _loss = new(kind, huberDelta);
}
