using ScalingApi.Training.Checkpoints;
using TorchSharp;
using ScalingApi.Training.Model;
using static TorchSharp.torch;

namespace ScalingApi.Training.DoReMi;

/// <summary>
/// The DoReMi proxy's training objective for one batch: the reference model scores the batch without gradients,
/// per-token excess losses max(ℓ_proxy − ℓ_ref, 0) update the domain weights, and the proxy's loss is the mean
/// token loss of each row weighted by α_d / p_d of its domain (weights normalised over the batch).
/// </summary>
public sealed class GroupDroObjective : IDisposable
{
    private readonly GptModel _reference;
    private readonly double[] _sampling;

    public GroupDroObjective(GptModel reference, DomainWeightUpdate weights, IReadOnlyList<double> sampling)
    {
        this._reference = reference;
        Weights = weights;
        var total = sampling.Sum();
        this._sampling = sampling.Select(p => p / total).ToArray();
        reference.eval();
    }

    /// <summary>Loads the reference model from its checkpoint; it must have the proxy's shape (vocabulary included).</summary>
    public static GroupDroObjective Load(DoReMiOptions options, GptConfig proxy, IReadOnlyList<double> sampling, Device device)
    {
        var state = CheckpointStore.ReadState(options.ReferenceCheckpoint);
        if (state.Run.Model != proxy)
            throw new ArgumentException(
                $"the reference checkpoint {options.ReferenceCheckpoint} has the shape {state.Run.Model}, the proxy {proxy}; DoReMi needs the same shape",
                nameof(options));
        var model = new GptModel(proxy);
        CheckpointStore.LoadModel(options.ReferenceCheckpoint, model);
        model.to(device);
        foreach (var p in model.parameters()) p.requires_grad = false;
        return new GroupDroObjective(model, new DomainWeightUpdate(sampling.Count, proxy.VocabSize, options.Eta, options.Smoothing), sampling);
    }

    public DomainWeightUpdate Weights { get; }

    /// <summary>Scores the batch with the reference model, updates α and returns the proxy's weighted loss.</summary>
    /// <param name="proxyTokenLoss">The proxy's per-token losses (rows × tokens), still attached to the graph.</param>
    public Tensor Loss(Tensor inputs, Tensor targets, Tensor proxyTokenLoss, IReadOnlyList<int> domainOfRow)
    {
        Tensor referenceTokenLoss;
        using (no_grad()) referenceTokenLoss = TokenLoss(_reference, inputs, targets);
        return Loss(proxyTokenLoss, referenceTokenLoss, domainOfRow);
    }

    /// <summary>The update and weighting given both models' per-token losses (rows × tokens).</summary>
    public Tensor Loss(Tensor proxyTokenLoss, Tensor referenceTokenLoss, IReadOnlyList<int> domainOfRow)
    {
        // clipped per token, then summed per row; the per-domain average happens in DomainWeightUpdate
        using var excess = (proxyTokenLoss.detach() - referenceTokenLoss).clamp_min(0).sum(1).to(ScalarType.Float64).cpu();
        Weights.Step(excess.data<double>().ToArray(), domainOfRow, (int)proxyTokenLoss.shape[1]);
        var rowWeights = tensor(Weights.RowWeights(domainOfRow, _sampling), dtype: proxyTokenLoss.dtype, device: proxyTokenLoss.device);
        return (proxyTokenLoss.mean([1]) * rowWeights).sum();
    }

    /// <summary>Next-token cross-entropy per position: (rows × tokens).</summary>
    public static Tensor TokenLoss(GptModel model, Tensor inputs, Tensor targets)
    {
        // released before the backward pass, which reuses their memory (see ReleasingForward)
        using var logits = model.forward(inputs);
        using var flatLogits = logits.flatten(0, 1);
        using var flatLoss = nn.functional.cross_entropy(flatLogits, targets.flatten(), reduction: nn.Reduction.None);
        return flatLoss.view(targets.shape);
    }

    public void Dispose() => _reference.Dispose();
}
