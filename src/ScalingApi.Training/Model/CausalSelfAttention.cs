using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Model;

/// <summary>Multi-head causal self-attention using libtorch's fused scaled_dot_product_attention.</summary>
internal sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear _qkv;
    private readonly Linear _proj;
    private readonly Dropout _residualDropout;
    private readonly int _heads;
    private readonly double _attentionDropout;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        _heads = config.Heads;
        _attentionDropout = config.Dropout;
        _qkv = nn.Linear(config.DModel, 3 * config.DModel);
        _proj = nn.Linear(config.DModel, config.DModel);
        _residualDropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
        var headWidth = width / _heads;
        using var qkv = _qkv.forward(x);
        using var split = qkv.view(batch, time, 3, _heads, headWidth);
        using var parts = split.permute(2, 0, 3, 1, 4);
        using var q = parts[0];
        using var k = parts[1];
        using var v = parts[2];
        var dropout = training ? _attentionDropout : 0.0;
        using var attended = nn.functional.scaled_dot_product_attention(q, k, v, null, dropout, true);
        using var headsLast = attended.transpose(1, 2);
        using var merged = headsLast.contiguous();
        using var flat = merged.view(batch, time, width);
        return ReleasingForward.Apply(_residualDropout, _proj.forward(flat));
    }
}
