using ScalingApi.Laws.BiMix;

namespace ScalingApi.Laws.Optimization;

/// <summary>ρ and ψ = ρ′ of a log-space residual: Huber(δ) (½r² inside δ, δ(|r| − δ/2) outside) or ½r².</summary>
internal readonly record struct LogResidualLoss(FitObjective Kind, double HuberDelta)
{
    public double Rho(double r)
    {
        if (Kind == FitObjective.LeastSquares) return 0.5 * r * r;
        var abs = Math.Abs(r);
        return abs <= HuberDelta ? 0.5 * r * r : HuberDelta * (abs - 0.5 * HuberDelta);
    }

    public double Psi(double r) => Kind == FitObjective.LeastSquares ? r : Math.Clamp(r, -HuberDelta, HuberDelta);
}
