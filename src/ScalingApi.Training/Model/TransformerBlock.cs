using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Model;

/// <summary>Pre-LayerNorm block: x + attn(ln(x)), then x + mlp(ln(x)) with a 4x GELU MLP.</summary>
internal sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm _ln1;
    private readonly CausalSelfAttention _attn;
    private readonly LayerNorm _ln2;
    private readonly Linear _fc;
    private readonly Linear _fcProj;
    private readonly Dropout _mlpDropout;

    public TransformerBlock(GptConfig config) : base(nameof(TransformerBlock))
    {
        _ln1 = nn.LayerNorm(config.DModel);
        _attn = new CausalSelfAttention(config);
        _ln2 = nn.LayerNorm(config.DModel);
        _fc = nn.Linear(config.DModel, 4 * config.DModel);
        _fcProj = nn.Linear(4 * config.DModel, config.DModel);
        _mlpDropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        Tensor afterAttention;
        using (var normed = _ln1.forward(x))
        using (var attention = _attn.forward(normed))
            afterAttention = x + attention;
        using var normed2 = _ln2.forward(afterAttention);
        using var expanded = _fc.forward(normed2);
        using var hidden = nn.functional.gelu(expanded);
        using var update = ReleasingForward.Apply(_mlpDropout, _fcProj.forward(hidden));
        using (afterAttention)
            return afterAttention + update;
    }
}
