using ScalingApi.Contracts.Workers;
using ScalingApi.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingApi.Training.Tests;

public class GptModelTests
{
    [Fact]
    public void ForwardReturnsLogitsPerPositionOverTheVocabulary()
    {
        manual_seed(1);
        using var model = new GptModel(GptPresets.Tiny);
        using var scope = NewDisposeScope();
        var tokens = randint(0, 256, [3, 17], dtype: ScalarType.Int64);
        var logits = model.forward(tokens);
        Assert.Equal(new long[] { 3, 17, 256 }, logits.shape);
    }

    [Fact]
    public void ForwardLeavesOnlyItsLogitsAliveInTheCallersScope()
    {
        // Intermediates kept until the step's scope ends would hold the forward's memory through the backward pass
        // (the training benchmark's small preset ran its backward twice as slow as PyTorch because of it).
        manual_seed(3);
        using var model = new GptModel(GptPresets.Tiny);
        model.train();
        using var scope = NewDisposeScope();
        var tokens = randint(0, 256, [2, 16], dtype: ScalarType.Int64);
        var before = scope.DisposablesCount;

        var logits = model.forward(tokens);

        Assert.Equal(before + 1, scope.DisposablesCount);
        using var loss = logits.sum();
        loss.backward(); // autograd kept what it needs although the intermediates' handles are gone
        Assert.All(model.parameters(), p => Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0, "every parameter gets a gradient"));
        Assert.Equal(logits.shape, model.forward(tokens).shape); // the shared parameters outlived the released handles
    }

    [Fact]
    public void ChangingAFutureTokenLeavesEarlierLogitsUnchanged()
    {
        manual_seed(2);
        using var model = new GptModel(GptPresets.Tiny);
        model.eval();
        using var scope = NewDisposeScope();
        var tokens = randint(0, 256, [2, 32], dtype: ScalarType.Int64);
        var altered = tokens.clone();
        altered[.., 20] = (altered[.., 20] + 1) % 256;

        var before = model.forward(tokens);
        var after = model.forward(altered);

        Assert.True(before[.., ..20].eq(after[.., ..20]).all().item<bool>(), "positions before the change must not see it");
        Assert.False(before[.., 20..].allclose(after[.., 20..]), "the changed position and later ones must see it");
    }

    [Fact]
    public void OutputProjectionIsTiedToTheTokenEmbedding()
    {
        var config = GptPresets.Tiny;
        using var model = new GptModel(config);
        var d = (long)config.DModel;
        var perBlock = 12 * d * d + 13 * d;
        var expected = config.VocabSize * d + config.Context * d + config.Layers * perBlock + 2 * d;
        Assert.Equal(expected, model.ParameterCount);
    }

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void EveryPresetHasTheParameterCountTheServicePlansWith(string preset)
    {
        // the service counts a sweep's compute from ProxyModelShape.ParameterCount without building the model
        var shape = ProxyModelShapes.Preset(preset, vocabSize: 256);
        using var model = new GptModel(GptPresets.Get(preset));
        Assert.Equal(shape.ParameterCount, model.ParameterCount);
        Assert.Equal(GptConfig.From(shape), GptPresets.Get(preset));
    }

    public static TheoryData<string> PresetNames() => new(ProxyModelShapes.PresetNames);

    [Fact]
    public void RejectsAWidthThatDoesNotSplitIntoHeads()
    {
        var error = Assert.Throws<ArgumentException>(() => new GptModel(GptPresets.Tiny with { Heads = 3 }));
        Assert.Equal("DModel", error.ParamName);
    }
}
