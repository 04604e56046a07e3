using ScalingApi.Training.Optimization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Tests;

public class GradientClipperTests
{
    // Two parameters whose gradients are exactly (3, 0) and (0, 4, 0): tensor norms 3 and 4, global norm 5.
    private static Parameter[] ParametersWithGradients()
    {
        var a = new Parameter(zeros(2));
        var b = new Parameter(zeros(3));
        var loss = (a * tensor(new float[] { 3, 0 })).sum() + (b * tensor(new float[] { 0, 4, 0 })).sum();
        loss.backward();
        return [a, b];
    }

    private static double Norm(Parameter p) => linalg.vector_norm(p.grad!).item<float>();

    [Fact]
    public void GlobalNormClippingScalesAllGradientsToTheLimit()
    {
        var parameters = ParametersWithGradients();
        new GradientClipper(ClippingOptions.Global(1.0), parameters).Apply(step: 1);
        Assert.Equal(0.6, Norm(parameters[0]), 5);
        Assert.Equal(0.8, Norm(parameters[1]), 5);
    }

    [Fact]
    public void AdaGcScalesEachTensorByItsOwnFactorAfterWarmUp()
    {
        var clipper = new GradientClipper(ClippingOptions.Adaptive(new AdaGcOptions(StartStep: 2)), ParametersWithGradients());
        clipper.Apply(step: 1);                                   // warm-up: γ = (0.6, 0.8)
        Assert.Equal(0.6, clipper.State![0], 5);
        Assert.Equal(0.8, clipper.State![1], 5);

        var fresh = ParametersWithGradients();
        var adaptive = new GradientClipper(ClippingOptions.Adaptive(new AdaGcOptions(StartStep: 2)), fresh) { State = clipper.State };
        adaptive.Apply(step: 2);                                  // per tensor: clipped to 1.05·γ_i
        Assert.Equal(1.05 * 0.6, Norm(fresh[0]), 5);
        Assert.Equal(1.05 * 0.8, Norm(fresh[1]), 5);
    }
}
