using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Optimization;

/// <summary>Applies the configured clipping to parameters' gradients in place, between backward and step.</summary>
public sealed class GradientClipper
{
    private readonly ClippingOptions options;
    private readonly Parameter[] parameters;
    private readonly AdaGcMath? adaGc;

    public GradientClipper(ClippingOptions options, IEnumerable<Parameter> parameters)
    {
        this.options = options;
        this.parameters = parameters.ToArray();
        if (options.Kind == ClippingKind.AdaGc) adaGc = new AdaGcMath(options.AdaGc ?? new AdaGcOptions());
    }

    /// <summary>AdaGC's γ per parameter tensor (null for other kinds or before step 1), for checkpoints.</summary>
    public double[]? State
    {
        get => adaGc?.Gamma;
        set { if (adaGc is not null) adaGc.Gamma = value; }
    }

    public void Apply(int step)
    {
        switch (options.Kind)
        {
            case ClippingKind.GlobalNorm:
                nn.utils.clip_grad_norm_(parameters, options.MaxNorm);
                break;
            case ClippingKind.AdaGc:
                ApplyAdaGc(step);
                break;
        }
    }

    private void ApplyAdaGc(int step)
    {
        using var scope = NewDisposeScope();
        var withGrad = parameters.Where(p => p.grad is not null).ToArray();
        // One host sync for all norms instead of one per tensor.
        var norms = stack(withGrad.Select(p => linalg.vector_norm(p.grad!).to(ScalarType.Float64)).ToArray())
            .cpu().data<double>().ToArray();
        var factors = adaGc!.ScaleFactors(step, norms);
        using var noGrad = no_grad();
        for (var i = 0; i < withGrad.Length; i++)
            if (factors[i] < 1.0) withGrad[i].grad!.mul_(factors[i]);
    }
}
