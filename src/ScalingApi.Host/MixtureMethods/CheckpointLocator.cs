using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Storage;
using ScalingApi.Storage.MixtureMethods;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>A proxy a sweep trained to completion: how users name it, where workers find it, and its shape.</summary>
public sealed record TrainedProxy(CheckpointSelector Selector, RunCheckpoint Checkpoint, ProxyModelSpec Model, string Tokenizer);

/// <summary>Finds the trained proxies whose checkpoints a Chameleon job may embed with.</summary>
public sealed class CheckpointLocator(ExperimentStore experiments, RunStore runs, SweepStore sweeps, MixtureMethodStore store)
{
    /// <summary>A checkpoint named in a request; it may belong to another experiment as long as the tokenizer is the same.</summary>
    /// <exception cref="DomainException"><see cref="UnanswerableException"/> naming <c>checkpoint…</c>: unknown experiment or run, not trained here, unfinished, other tokenizer.</exception>
    public TrainedProxy Resolve(CheckpointSelector selector, ExperimentRow experiment)
    {
        var source = experiments.Find(selector.ExperimentId)
                     ?? throw new UnanswerableException("checkpoint.experimentId", $"no experiment {selector.ExperimentId}");
        var run = runs.List(source.Id).FirstOrDefault(r => r.Name == selector.Run)
                  ?? throw new UnanswerableException("checkpoint.run", $"experiment {source.Id} has no run '{selector.Run}'");
        var sweepRun = store.SweepRunOf(run.Id)
                       ?? throw new UnanswerableException("checkpoint.run",
                           $"run '{run.Name}' was posted, not trained by a sweep of this service, so it has no checkpoint");
        var sweep = sweeps.Find(sweepRun.SweepId)!;
        if (sweepRun.Status != SweepStatus.Completed)
            throw new UnanswerableException("checkpoint.run", $"run '{run.Name}' has not finished training (status {sweepRun.Status})");
        if (sweep.RunModeJson is not null && Mode(sweep).Kind == LeaseRunMode.Embed)
            throw new UnanswerableException("checkpoint.run", $"run '{run.Name}' is an embedding pass, not a trained proxy");
        if (sweep.Tokenizer != experiment.Tokenizer)
        {
            SweepTokenizers.TryGetVocabSize(sweep.Tokenizer, out var theirs);
            SweepTokenizers.TryGetVocabSize(experiment.Tokenizer, out var ours);
            throw new UnanswerableException("checkpoint",
                $"the proxy was trained with tokenizer '{sweep.Tokenizer}' (vocabulary {theirs}) but experiment {experiment.Id} uses " +
                $"'{experiment.Tokenizer}' (vocabulary {ours}); embedding needs the same tokenizer");
        }
        return Of(source.Id, sweep, sweepRun);
    }

    /// <summary>The experiment's newest completed ordinary proxy trained on the uniform mixture; null when it has none.</summary>
    public TrainedProxy? LatestUniformProxy(long experimentId)
    {
        var domains = experiments.Domains(experimentId).Count;
        var uniform = runs.Proportions(experimentId).GroupBy(p => p.RunId)
            .Where(g => g.Count() == domains && g.All(p => Math.Abs(p.Proportion - 1.0 / domains) < 1e-9))
            .Select(g => g.Key).ToHashSet();
        var ordinary = sweeps.ForExperiment(experimentId).Where(s => s.RunModeJson is null).ToList();
        var runsOf = sweeps.RunsOf(ordinary.Select(s => s.Id));
        return ordinary.AsEnumerable().Reverse()
            .SelectMany(s => runsOf[s.Id].Where(r => r.Status == SweepStatus.Completed && uniform.Contains(r.RunId)).Select(r => Of(experimentId, s, r)))
            .FirstOrDefault();
    }

    public TrainedProxy Of(long experimentId, SweepRow sweep, SweepRunRow run) => new(
        new CheckpointSelector(experimentId, run.RunName), new RunCheckpoint(sweep.Id, run.RunId),
        JsonSerializer.Deserialize<ProxyModelSpec>(sweep.ModelJson, StoredJson.Options)!, sweep.Tokenizer);

    private LeaseRunMode Mode(SweepRow sweep) => JsonSerializer.Deserialize<LeaseRunMode>(sweep.RunModeJson!, StoredJson.Options)!;
}
