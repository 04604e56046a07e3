using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Model;

/// <summary>Pre-LayerNorm block: x + attn(ln(x)), then x + mlp(ln(x)) with a 4x GELU MLP.</summary>
internal sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln2;
    private readonly Linear fc;
    private readonly Linear fcProj;
    private readonly Dropout mlpDropout;

    public TransformerBlock(GptConfig config) : base(nameof(TransformerBlock))
    {
        ln1 = nn.LayerNorm(config.DModel);
        attn = new CausalSelfAttention(config);
        ln2 = nn.LayerNorm(config.DModel);
        fc = nn.Linear(config.DModel, 4 * config.DModel);
        fcProj = nn.Linear(4 * config.DModel, config.DModel);
        mlpDropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = x + attn.forward(ln1.forward(x));
        var hidden = nn.functional.gelu(fc.forward(ln2.forward(x)));
        return x + mlpDropout.forward(fcProj.forward(hidden));
    }
}
