namespace ScalingApi.Training.Optimization;

/// <summary>AdaGC hyper-parameters (docs/science.md §5; Wang et al. 2025).</summary>
public sealed record AdaGcOptions(double Beta = 0.98, double LambdaRel = 1.05, double LambdaAbs = 1.0, int StartStep = 100);

/// <summary>
/// AdaGC on norms only, so the maths is testable without tensors. Given each tensor's gradient norm at
/// 1-based step t it returns the factor to scale that tensor's gradient by, and updates the per-tensor EMA γ.
/// Warm-up (t &lt; StartStep): global-norm clipping to LambdaAbs, γ_i = min(γ_i, ‖ĝ_i‖) (first value initialises γ).
/// After: h_i = min(LambdaRel·γ_i/‖g_i‖, 1), γ_i ← β·γ_i + (1 − β)·‖ĝ_i‖.
/// </summary>
public sealed class AdaGcMath
{
    private readonly AdaGcOptions _options;
    private double[]? _gamma;

    public AdaGcMath(AdaGcOptions options) => this._options = options;

    /// <summary>Current γ per tensor (null before the first step); saved in checkpoints.</summary>
    public double[]? Gamma
    {
        get => _gamma is null ? null : (double[])_gamma.Clone();
        set => _gamma = value is null ? null : (double[])value.Clone();
    }

    public double[] ScaleFactors(int step, IReadOnlyList<double> norms)
    {
        if (_gamma is not null && _gamma.Length != norms.Count)
            throw new ArgumentException($"expected {_gamma.Length} tensor norms, got {norms.Count}", nameof(norms));
        var factors = new double[norms.Count];
        if (step < _options.StartStep)
        {
            var global = Math.Sqrt(norms.Sum(n => n * n));
            var h = global > 0 ? Math.Min(_options.LambdaAbs / global, 1.0) : 1.0;
            var first = _gamma is null;
            _gamma ??= new double[norms.Count];
            for (var i = 0; i < norms.Count; i++)
            {
                factors[i] = h;
                var clipped = h * norms[i];
                _gamma[i] = first ? clipped : Math.Min(_gamma[i], clipped);
            }
            return factors;
        }

        // Without a warm-up (StartStep ≤ 1) γ starts from the first raw norms.
        _gamma ??= norms.ToArray();
        for (var i = 0; i < norms.Count; i++)
        {
            var h = norms[i] > 0 ? Math.Min(_options.LambdaRel * _gamma[i] / norms[i], 1.0) : 1.0;
            factors[i] = h;
            _gamma[i] = _options.Beta * _gamma[i] + (1 - _options.Beta) * h * norms[i];
        }
        return factors;
    }
}
