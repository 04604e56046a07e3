using TorchSharp;
using static TorchSharp.torch;

namespace ScalingApi.Training.Model;

/// <summary>
/// The model's forward passes release each intermediate tensor as soon as they are done with it, as Python's
/// reference counting does. Autograd keeps its own reference to what the backward pass needs; everything else
/// held until the step's dispose scope ends would keep the forward's memory alive through the backward, which then
/// has to fault in fresh pages for every gradient (the training benchmark's "where the time goes").
/// </summary>
internal static class ReleasingForward
{
    /// <summary>
    /// <paramref name="module"/> applied to <paramref name="input"/>, whose handle is released afterwards unless the
    /// module handed back the same object (a dropout that is switched off may return its input).
    /// </summary>
    public static Tensor Apply(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        var output = module.forward(input);
        if (!ReferenceEquals(output, input)) input.Dispose();
        return output;
    }
}
