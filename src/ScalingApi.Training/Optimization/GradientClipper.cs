using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Optimization;

/// <summary>Applies the configured clipping to parameters' gradients in place, between backward and step.</summary>
public sealed class GradientClipper
{
    private readonly ClippingOptions _options;
    private readonly Parameter[] _parameters;
    private readonly AdaGcMath? _adaGc;

    public GradientClipper(ClippingOptions options, IEnumerable<Parameter> parameters)
    {
        this._options = options;
        this._parameters = parameters.ToArray();
        if (options.Kind == ClippingKind.AdaGc) _adaGc = new AdaGcMath(options.AdaGc ?? new AdaGcOptions());
    }

    /// <summary>AdaGC's γ per parameter tensor (null for other kinds or before step 1), for checkpoints.</summary>
    public double[]? State
    {
        get => _adaGc?.Gamma;
        set { if (_adaGc is not null) _adaGc.Gamma = value; }
    }

    public void Apply(int step)
    {
        switch (_options.Kind)
        {
            case ClippingKind.GlobalNorm:
                nn.utils.clip_grad_norm_(_parameters, _options.MaxNorm);
                break;
            case ClippingKind.AdaGc:
                ApplyAdaGc(step);
                break;
        }
    }

    private void ApplyAdaGc(int step)
    {
        using var scope = NewDisposeScope();
        var withGrad = _parameters.Where(p => p.grad is not null).ToArray();
        // One host sync for all norms instead of one per tensor.
        var norms = stack(withGrad.Select(p => linalg.vector_norm(p.grad!).to(ScalarType.Float64)).ToArray())
            .cpu().data<double>().ToArray();
        var factors = _adaGc!.ScaleFactors(step, norms);
        using var noGrad = no_grad();
        for (var i = 0; i < withGrad.Length; i++)
            if (factors[i] < 1.0) withGrad[i].grad!.mul_(factors[i]);
    }
}
