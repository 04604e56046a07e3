using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Data;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Training.Training;

/// <summary>
/// Trains one GPT proxy on one data mixture and reports progress and per-domain validation losses.
/// With a checkpoint directory it saves every CheckpointEvery steps and, when started again on the same
/// directory, resumes from the newest checkpoint and continues exactly as the uninterrupted run would.
/// </summary>
public sealed class ProxyTrainer
{
    private readonly TrainingOptions options;
    private readonly IReadOnlyList<DomainTokens> domains;
    private readonly double[] mixture;

    public ProxyTrainer(TrainingOptions options, IReadOnlyList<DomainTokens> domains, IReadOnlyList<double> mixture)
    {
        options.Validate();
        this.options = options;
        this.domains = domains;
        this.mixture = mixture.ToArray();
        // Fail fast on unusable data, before any tensor work.
        _ = new MixtureSampler(domains, this.mixture, options.Model.Context, options.Seed);
        _ = new ValidationWindows(domains, options.Model.Context, 1);
    }

    /// <summary>CUDA when requested or (Auto) when available, else CPU.</summary>
    public static Device SelectDevice(DevicePreference preference) => preference switch
    {
        DevicePreference.Cpu => CPU,
        DevicePreference.Cuda => cuda.is_available() ? CUDA : throw new InvalidOperationException("CUDA was requested but torch.cuda.is_available() is false"),
        _ => cuda.is_available() ? CUDA : CPU,
    };

    /// <summary>Same run as Run, reported as an async stream; training itself runs on a dedicated thread.</summary>
    public async IAsyncEnumerable<TrainingEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<TrainingEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var training = Task.Factory.StartNew(() =>
        {
            try { Run(e => channel.Writer.TryWrite(e), cancellationToken); channel.Writer.Complete(); }
            catch (Exception ex) { channel.Writer.Complete(ex); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None)) yield return e;
        await training;
    }

    /// <summary>
    /// Trains to options.Steps on the calling thread. Cancellation is honoured between steps
    /// (OperationCanceledException); progress since the last checkpoint is then lost, nothing else.
    /// </summary>
    public TrainingResult Run(Action<TrainingEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        onEvent ??= _ => { };
        if (options.Threads is { } threads) set_num_threads(threads);
        var device = SelectDevice(options.Device);
        var config = options.Model;
        var tokensPerStep = (long)options.BatchSize * config.Context;
        var schedule = options.EffectiveSchedule;

        manual_seed((long)options.Seed);
        using var model = new GptModel(config);
        model.to(device);
        model.train();
        using var optimizer = CreateOptimizer(model);
        var clipper = new GradientClipper(options.Clipping, model.parameters());
        var sampler = new MixtureSampler(domains, mixture, config.Context, options.Seed);
        var evaluator = new DomainLossEvaluator(
            new ValidationWindows(domains, config.Context, options.ValidationWindowsPerDomain), options.EvaluationBatchSize);
        var evaluationSteps = options.Evaluations.Steps(options.Steps).ToHashSet();
        var identity = new RunIdentity(config, options.BatchSize, options.Seed, mixture, domains.Select(d => d.Name).ToArray());
        var store = options.CheckpointDirectory is { } dir ? new CheckpointStore(dir, options.KeepCheckpoints) : null;
        var evaluations = new List<EvaluationReport>();

        var step = 0;
        if (store?.Latest() is { } latest)
        {
            var state = store.Load(latest, model, optimizer);
            if (!state.Run.SameRunAs(identity))
                throw new InvalidOperationException($"checkpoint {latest} belongs to a different run (model, batch, seed, mixture or domains differ)");
            sampler.Restore(state.Sampler);
            clipper.State = state.ClippingState;
            evaluations.AddRange(state.Evaluations);
            step = state.Step;
            onEvent(new ResumedFromCheckpoint(step, latest, state.Evaluations));
        }

        var tokens = new long[options.BatchSize * (config.Context + 1)];
        var domainOfRow = new int[options.BatchSize];
        var trainClock = new Stopwatch();
        var totalTrain = TimeSpan.Zero;
        var lossSinceReport = 0.0;
        var stepsSinceReport = 0;

        while (step < options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            trainClock.Start();
            var learningRate = schedule.At(step + 1);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
            sampler.NextBatch(tokens, domainOfRow);
            lossSinceReport += TrainStep(model, optimizer, clipper, step + 1, tokens, device);
            step++;
            stepsSinceReport++;
            trainClock.Stop();

            if (step % options.ProgressEvery == 0 || step == options.Steps)
            {
                var seconds = trainClock.Elapsed.TotalSeconds;
                onEvent(new ProgressReport(step, options.Steps, lossSinceReport / stepsSinceReport,
                    seconds > 0 ? stepsSinceReport * tokensPerStep / seconds : 0, learningRate, step * tokensPerStep));
                totalTrain += trainClock.Elapsed;
                trainClock.Reset();
                lossSinceReport = 0;
                stepsSinceReport = 0;
            }

            if (evaluationSteps.Contains(step))
            {
                var report = new EvaluationReport(step, step * tokensPerStep, evaluator.Evaluate(model, device));
                evaluations.Add(report);
                onEvent(report);
            }

            if (store is not null && ((options.CheckpointEvery > 0 && step % options.CheckpointEvery == 0) || step == options.Steps))
            {
                var state = new CheckpointState(step, identity, sampler.State, clipper.State, evaluations.ToArray());
                onEvent(new CheckpointSaved(step, store.Save(state, model, optimizer)));
            }
        }

        totalTrain += trainClock.Elapsed;
        return new TrainingResult(step, step * tokensPerStep, model.ParameterCount, evaluations, totalTrain.TotalSeconds);
    }

    private static double TrainStep(GptModel model, AdamW optimizer, GradientClipper clipper, int step, long[] tokens, Device device)
    {
        using var scope = NewDisposeScope();
        var window = model.Config.Context + 1;
        var batch = tensor(tokens, [tokens.Length / window, window]).to(device);
        var logits = model.forward(batch[.., ..^1]);
        var loss = nn.functional.cross_entropy(logits.flatten(0, 1), batch[.., 1..].flatten());
        optimizer.zero_grad();
        loss.backward();
        clipper.Apply(step);
        optimizer.step();
        return loss.item<float>();
    }

    // Decoupled weight decay on matrices and embeddings only; biases and LayerNorm gains are not decayed.
    private AdamW CreateOptimizer(GptModel model)
    {
        var parameters = model.parameters().ToArray();
        var lr = options.EffectiveSchedule.At(1);
        var decayed = new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), lr, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        var undecayed = new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), lr, options.Beta1, options.Beta2, options.Epsilon, 0.0);
        return optim.AdamW([decayed, undecayed], lr, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
    }
}
