using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Model;

/// <summary>
/// Decoder-only GPT: token + learned position embeddings, pre-LN blocks, final LayerNorm and an
/// output projection tied to the token embedding. Input (batch, time) int64 ids → logits (batch, time, vocab).
/// </summary>
public sealed class GptModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _tokenEmbedding;
    private readonly Embedding _positionEmbedding;
    private readonly Dropout _embeddingDropout;
    private readonly ModuleList<TransformerBlock> _blocks;
    private readonly LayerNorm _finalNorm;

    public GptConfig Config { get; }

    public GptModel(GptConfig config) : base(nameof(GptModel))
    {
        config.Validate();
        Config = config;
        _tokenEmbedding = nn.Embedding(config.VocabSize, config.DModel);
        _positionEmbedding = nn.Embedding(config.Context, config.DModel);
        _embeddingDropout = nn.Dropout(config.Dropout);
        _blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new TransformerBlock(config)).ToArray());
        _finalNorm = nn.LayerNorm(config.DModel);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>Number of trainable scalars (the tied output matrix counted once); use for FLOPs ≈ 6·params·tokens.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor tokens)
    {
        using var hidden = HiddenState(tokens, Config.Layers);
        using var normed = _finalNorm.forward(hidden);
        using var outputWeight = _tokenEmbedding.weight!; // a fresh handle on the shared parameter, not the parameter
        return nn.functional.linear(normed, outputWeight);
    }

    /// <summary>The residual stream (batch, time, DModel) after the first <paramref name="blocks"/> transformer blocks.</summary>
    public Tensor HiddenState(Tensor tokens, int blocks)
    {
        if (blocks < 0 || blocks > Config.Layers) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, $"must be in [0, {Config.Layers}]");
        var time = tokens.shape[1];
        if (time > Config.Context)
            throw new ArgumentException($"sequence length {time} exceeds the model's context {Config.Context}", nameof(tokens));
        using var positions = arange(time, dtype: ScalarType.Int64, device: tokens.device);
        using var tokenVectors = _tokenEmbedding.forward(tokens);
        using var positionVectors = _positionEmbedding.forward(positions);
        var x = ReleasingForward.Apply(_embeddingDropout, tokenVectors + positionVectors);
        foreach (var block in _blocks.Take(blocks))
        {
            var next = block.forward(x);
            x.Dispose();
            x = next;
        }
        return x;
    }

    // GPT-2 initialisation: N(0, 0.02) for linear weights and embeddings, zero biases; LayerNorms keep (1, 0).
    private void InitializeWeights()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight, 0.0, 0.02);
                    if (linear.bias is { } bias) nn.init.zeros_(bias);
                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight, 0.0, 0.02);
                    break;
            }
        }
    }
}
