using TorchSharp;
using static TorchSharp.torch;

namespace ScalingApi.Training.Tests;

public class TorchSharpLoadsTests
{
    [Fact]
    public void NativeLibraryLoadsAndComputes()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a * 2;
        Assert.Equal(12f, b.sum().item<float>());
    }
}
