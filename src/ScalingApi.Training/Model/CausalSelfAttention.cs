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
        var parts = _qkv.forward(x).view(batch, time, 3, _heads, headWidth).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var dropout = training ? _attentionDropout : 0.0;
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, null, dropout, true);
        var merged = attended.transpose(1, 2).contiguous().view(batch, time, width);
        return _residualDropout.forward(_proj.forward(merged));
    }
}
