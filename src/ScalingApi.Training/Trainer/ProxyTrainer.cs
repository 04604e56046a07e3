using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ScalingApi.Training.Checkpoints;
using ScalingApi.Training.Data;
using ScalingApi.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace ScalingApi.Training.Trainer;

/// <summary>
/// Trains one GPT proxy on one data mixture and reports progress and per-domain validation losses.
/// With a checkpoint directory it saves every CheckpointEvery steps and, when started again on the same
/// directory, resumes from the newest checkpoint and continues exactly as the uninterrupted run would.
/// </summary>
public sealed class ProxyTrainer
{
    private readonly TrainingOptions _options;
    private readonly IReadOnlyList<DomainTokens> _domains;
    private readonly double[] _mixture;
    private volatile bool _checkpointAndStopRequested;

    public ProxyTrainer(TrainingOptions options, IReadOnlyList<DomainTokens> domains, IReadOnlyList<double> mixture)
    {
        options.Validate();
        this._options = options;
        this._domains = domains;
        this._mixture = mixture.ToArray();
        // Fail fast on unusable data, before any tensor work.
        _ = new MixtureSampler(domains, this._mixture, options.Model.Context, options.Seed);
        _ = new ValidationWindows(domains, options.Model.Context, 1);
        RequireTokensInVocabulary(domains, options.Model.VocabSize);
    }

    // An out-of-range id would only surface as a native index error deep inside the embedding.
    internal static void RequireTokensInVocabulary(IReadOnlyList<DomainTokens> domains, int vocabSize)
    {
        foreach (var domain in domains)
        foreach (var (part, stream) in new[] { ("training", domain.Train), ("validation", domain.Validation) })
        {
            var span = stream.Span;
            var bad = span.IndexOfAnyExceptInRange(0, vocabSize - 1);
            if (bad >= 0)
                throw new ArgumentException(
                    $"domain '{domain.Name}' {part} token {bad} is {span[bad]}, outside the vocabulary [0, {vocabSize})", nameof(domains));
        }
    }

    /// <summary>CUDA when requested or (Auto) when available, else CPU.</summary>
    public static Device SelectDevice(DevicePreference preference) => preference switch
    {
        DevicePreference.Cpu => CPU,
        DevicePreference.Cuda => cuda.is_available() ? CUDA : throw new InvalidOperationException("CUDA was requested but torch.cuda.is_available() is false"),
        _ => cuda.is_available() ? CUDA : CPU,
    };

    /// <summary>
    /// Asks a running (or not yet started) <see cref="Run"/> to save a checkpoint at the step it has reached and
    /// return, instead of training on to the next scheduled save. Safe from any thread (e.g. a signal handler);
    /// honoured between steps, so within one step. The result and a <see cref="StoppedOnRequest"/> event say so.
    /// </summary>
    public void RequestCheckpointAndStop() => _checkpointAndStopRequested = true;

    /// <summary>
    /// Same run as Run, reported as an async stream; training itself runs on a dedicated thread (libtorch's
    /// dispose scopes are per thread). Leaving the loop early cancels the training between steps.
    /// </summary>
    public async IAsyncEnumerable<TrainingEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<TrainingEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var training = Task.Factory.StartNew(() =>
        {
            try { Run(e => channel.Writer.TryWrite(e), stop.Token); channel.Writer.Complete(); }
            catch (Exception ex) { channel.Writer.Complete(ex); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(CancellationToken.None)) yield return e;
        }
        finally
        {
            stop.Cancel();
            await training;
        }
    }

    /// <summary>
    /// Trains to options.Steps on the calling thread, or until <see cref="RequestCheckpointAndStop"/>.
    /// Cancellation is honoured between steps (OperationCanceledException); with a checkpoint directory the
    /// step reached is saved first, so only a crash loses the progress since the last checkpoint.
    /// </summary>
    public TrainingResult Run(Action<TrainingEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        onEvent ??= _ => { };
        if (_options.Threads is { } threads) set_num_threads(threads);
        var tokensPerStep = (long)_options.BatchSize * _options.Model.Context;
        var schedule = _options.EffectiveSchedule;
        var evaluator = new DomainLossEvaluator(
            new ValidationWindows(_domains, _options.Model.Context, _options.ValidationWindowsPerDomain), _options.EvaluationBatchSize);
        var evaluationSteps = _options.Evaluations.Steps(_options.Steps).ToHashSet();
        var identity = new RunIdentity(_options.Model, _options.BatchSize, _options.Seed, _mixture, _domains.Select(d => d.Name).ToArray());
        var store = _options.CheckpointDirectory is { } dir ? new CheckpointStore(dir, _options.KeepCheckpoints) : null;
        var evaluations = new List<EvaluationReport>();
        using var session = new TrainingSession(_options, _domains, _mixture, SelectDevice(_options.Device));

        var step = 0;
        if (store?.Latest() is { } latest)
        {
            var state = session.Restore(store, latest, identity);
            evaluations.AddRange(state.Evaluations);
            step = state.Step;
            onEvent(new ResumedFromCheckpoint(step, latest, state.Evaluations));
        }
        var savedStep = step;

        // Saves the step reached unless it is already on disk; null without a checkpoint directory.
        string? SaveIfNew()
        {
            if (store is null || step == savedStep) return null;
            var path = session.Save(store, step, identity, evaluations);
            savedStep = step;
            onEvent(new CheckpointSaved(step, path));
            return path;
        }

        var throughput = new ThroughputClock();
        var lossSinceReport = 0.0;
        while (step < _options.Steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveIfNew();
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (_checkpointAndStopRequested)
            {
                var path = SaveIfNew() ?? (store is null ? null : store.Latest());
                onEvent(new StoppedOnRequest(step, path));
                return new TrainingResult(step, step * tokensPerStep, session.Model.ParameterCount, evaluations, throughput.TotalSeconds, StoppedEarly: true,
                    DomainWeights: AverageWeights(session));
            }
            var learningRate = schedule.At(step + 1);
            using (throughput.Measure()) lossSinceReport += session.Step(step + 1, learningRate);
            step++;

            if (step % _options.ProgressEvery == 0 || step == _options.Steps)
            {
                var (steps, tokensPerSecond) = throughput.TakeInterval(tokensPerStep);
                onEvent(new ProgressReport(step, _options.Steps, lossSinceReport / steps, tokensPerSecond, learningRate, step * tokensPerStep));
                lossSinceReport = 0;
            }

            if (session.DoReMi is { } weights && (step % _options.DoReMi!.TrajectoryEvery == 0 || step == _options.Steps))
                onEvent(new DomainWeightsReport(step, ByDomain(weights.Weights), ByDomain(weights.AverageWeights)));

            if (evaluationSteps.Contains(step))
            {
                var report = new EvaluationReport(step, step * tokensPerStep, evaluator.Evaluate(session.Model, session.Device));
                evaluations.Add(report);
                onEvent(report);
            }

            if ((_options.CheckpointEvery > 0 && step % _options.CheckpointEvery == 0) || step == _options.Steps)
                SaveIfNew();
        }

        return new TrainingResult(step, step * tokensPerStep, session.Model.ParameterCount, evaluations, throughput.TotalSeconds,
            DomainWeights: AverageWeights(session));
    }

    private IReadOnlyDictionary<string, double>? AverageWeights(TrainingSession session) =>
        session.DoReMi is { } weights ? ByDomain(weights.AverageWeights) : null;

    private IReadOnlyDictionary<string, double> ByDomain(double[] values) =>
        _domains.Select((d, i) => (d.Name, values[i])).ToDictionary();
}
