using ScalingApi.Training.Optimization;

namespace ScalingApi.Training.Tests;

public class AdaGcMathTests
{
    [Fact]
    public void ReproducesTheGoldenVectorOfScienceSection5()
    {
        var adaGc = new AdaGcMath(new AdaGcOptions(StartStep: 3));
        double[] norms = [2.0, 0.8, 0.9, 1.0, 5.0, 1.0];
        double[] expectedClipped = [1.0, 0.8, 0.84, 0.84084, 0.841681, 0.842523];
        double[] expectedGamma = [1.0, 0.8, 0.8008, 0.801601, 0.802402, 0.803205];

        for (var t = 0; t < norms.Length; t++)
        {
            var factor = adaGc.ScaleFactors(t + 1, [norms[t]])[0];
            Assert.Equal(expectedClipped[t], factor * norms[t], 6);
            Assert.Equal(expectedGamma[t], adaGc.Gamma![0], 6);
        }
    }

    [Fact]
    public void WarmUpClipsByTheGlobalNormAndAdaptivePhaseClipsPerTensor()
    {
        var adaGc = new AdaGcMath(new AdaGcOptions(StartStep: 2));
        var warm = adaGc.ScaleFactors(1, [3.0, 4.0]);           // global norm 5 ⇒ both scaled by 1/5
        Assert.All(warm, f => Assert.Equal(0.2, f, 12));
        Assert.Equal(0.6, adaGc.Gamma![0], 12);
        Assert.Equal(0.8, adaGc.Gamma![1], 12);

        var adaptive = adaGc.ScaleFactors(2, [0.1, 8.0]);       // first tensor small: untouched; second clipped to 1.05·0.8
        Assert.Equal(1.0, adaptive[0]);
        Assert.Equal(1.05 * 0.8 / 8.0, adaptive[1], 12);
    }
}
