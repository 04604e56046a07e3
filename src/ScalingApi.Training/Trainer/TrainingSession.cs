using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Data;
using ScalingApi.Training.DoReMi;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Trainer;

/// <summary>
/// The mutable parts of one run — model, AdamW, clipper, sampler — and the single training step over them.
/// Everything a checkpoint must hold lives here, so capture and restore stay next to each other.
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly AdamW _optimizer;
    private readonly GradientClipper _clipper;
    private readonly MixtureSampler _sampler;
    private readonly long[] _tokens;
    private readonly int[] _domainOfRow;
    private readonly GroupDroObjective? _groupDro;

    public TrainingSession(TrainingOptions options, IReadOnlyList<DomainTokens> domains, double[] mixture, Device device)
    {
        Device = device;
        manual_seed((long)options.Seed);
        Model = new GptModel(options.Model);
        Model.to(device);
        Model.train();
        _optimizer = CreateOptimizer(Model, options);
        _clipper = new GradientClipper(options.Clipping, Model.parameters());
        _sampler = new MixtureSampler(domains, mixture, options.Model.Context, options.Seed);
        _tokens = new long[options.BatchSize * (options.Model.Context + 1)];
        _domainOfRow = new int[options.BatchSize];
        if (options.DoReMi is { } doReMi) _groupDro = GroupDroObjective.Load(doReMi, options.Model, mixture, device);
    }

    /// <summary>The DoReMi weight state after the last step; null unless the run trains a DoReMi proxy.</summary>
    public DoReMiState? DoReMi => _groupDro?.Weights.State;

    public GptModel Model { get; }
    public Device Device { get; }

    /// <summary>One optimizer step (1-based) on the next batch; returns its training loss.</summary>
    public double Step(int step, double learningRate)
    {
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        _sampler.NextBatch(_tokens, _domainOfRow);

        using var scope = NewDisposeScope();
        var window = Model.Config.Context + 1;
        var batch = tensor(_tokens, [_tokens.Length / window, window]).to(Device);
        Tensor loss, reported;
        if (_groupDro is null)
        {
            // released before the backward pass, which reuses their memory (see ReleasingForward)
            using var logits = Model.forward(batch[.., ..^1]);
            using var flatLogits = logits.flatten(0, 1);
            reported = loss = nn.functional.cross_entropy(flatLogits, batch[.., 1..].flatten());
        }
        else
        {
            var (inputs, targets) = (batch[.., ..^1], batch[.., 1..]);
            var tokenLoss = GroupDroObjective.TokenLoss(Model, inputs, targets);
            loss = _groupDro.Loss(inputs, targets, tokenLoss, _domainOfRow);
            reported = tokenLoss.detach().mean(); // the unweighted loss, comparable with ordinary runs
        }
        _optimizer.zero_grad();
        loss.backward();
        _clipper.Apply(step);
        _optimizer.step();
        return reported.item<float>();
    }

    public string Save(CheckpointStore store, int step, RunIdentity run, IReadOnlyList<EvaluationReport> evaluations) =>
        store.Save(new CheckpointState(step, run, _sampler.State, _clipper.State, evaluations.ToArray(), DoReMi), Model, _optimizer);

    public CheckpointState Restore(CheckpointStore store, string path, RunIdentity run)
    {
        var state = store.Load(path, Model, _optimizer);
        if (!state.Run.SameRunAs(run))
            throw new InvalidOperationException($"checkpoint {path} belongs to a different run (model, batch, seed, mixture or domains differ)");
        _sampler.Restore(state.Sampler);
        _clipper.State = state.ClippingState;
        if (_groupDro is not null)
            _groupDro.Weights.Restore(state.DoReMi ?? throw new InvalidOperationException($"checkpoint {path} holds no DoReMi state; it is not a DoReMi proxy run"));
        return state;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Model.Dispose();
        _groupDro?.Dispose();
    }

    // Decoupled weight decay on matrices and embeddings only; biases and LayerNorm gains are not decayed.
    private static AdamW CreateOptimizer(GptModel model, TrainingOptions options)
    {
        var parameters = model.parameters().ToArray();
        var lr = options.EffectiveSchedule.At(1);
        var decayed = new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), lr, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        var undecayed = new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), lr, options.Beta1, options.Beta2, options.Epsilon, 0.0);
        return optim.AdamW([decayed, undecayed], lr, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
    }
}
