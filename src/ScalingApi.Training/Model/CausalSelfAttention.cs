using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Model;

/// <summary>Multi-head causal self-attention using libtorch's fused scaled_dot_product_attention.</summary>
internal sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly Dropout residualDropout;
    private readonly int heads;
    private readonly double attentionDropout;

    public CausalSelfAttention(GptConfig config) : base(nameof(CausalSelfAttention))
    {
        heads = config.Heads;
        attentionDropout = config.Dropout;
        qkv = nn.Linear(config.DModel, 3 * config.DModel);
        proj = nn.Linear(config.DModel, config.DModel);
        residualDropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
        var headWidth = width / heads;
        var parts = qkv.forward(x).view(batch, time, 3, heads, headWidth).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var dropout = training ? attentionDropout : 0.0;
        var attended = nn.functional.scaled_dot_product_attention(q, k, v, null, dropout, true);
        var merged = attended.transpose(1, 2).contiguous().view(batch, time, width);
        return residualDropout.forward(proj.forward(merged));
    }
}
