using ScalingApi.Host.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Sweeps;
using ScalingApi.Laws.Mixtures;
using ScalingApi.Storage;
using ScalingApi.Storage.MixtureMethods;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>
/// Starts DoReMi and Chameleon jobs and moves them from stage to stage. Every stage is an ordinary one-run sweep
/// launched through <see cref="SweepLauncher"/> (so the local executor and Slurm train it like any run); the run
/// mode on the sweep tells the worker to train a DRO proxy or to embed the domains.
/// </summary>
public sealed class MixtureMethodJobs(
    DbSession db, ExperimentStore experiments, SweepStore sweeps, MixtureMethodStore store, SweepLauncher launcher,
    CorpusMixtures corpusMixtures, NamedMixtures namedMixtures, CheckpointLocator checkpoints, SweepEventLog events,
    IOptions<MixtureMethodOptions> options, TimeProvider clock)
{
    private static JsonSerializerOptions Json => StoredJson.Options;

    /// <returns>The job id.</returns>
    public async Task<long> StartDoReMiAsync(long experimentId, DoReMiRequest? request, CancellationToken ct)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        var parameters = MixtureMethodDefaults.Apply(request, options.Value);
        var reference = ResolveMixture(experimentId, parameters.ReferenceMixture, "referenceMixture");
        var provenance = new MixtureProvenance(0, MixtureMethodNames.DoReMi, parameters.ReferenceMixture, null, JsonSerializer.SerializeToElement(parameters, Json));
        return await StartAsync(experiment.Id, MixtureMethodNames.DoReMi, parameters, provenance, jobId =>
            LaunchAsync(jobId, experimentId, MixtureMethodStages.Reference, 1,
                MixtureMethodStages.OneRun($"doremi-{jobId}-r1", MixtureMethodStages.Reference, reference, new ProxyModelSpec(parameters.Preset),
                    parameters.Steps, parameters.Seed, parameters.Executor), null, ct));
    }

    /// <returns>The job id.</returns>
    public async Task<long> StartChameleonAsync(long experimentId, ChameleonRequest? request, CancellationToken ct)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        var parameters = MixtureMethodDefaults.Apply(request, options.Value);
        var given = parameters.Checkpoint is { } selector ? checkpoints.Resolve(selector, experiment) : null;
        var found = given ?? checkpoints.LatestUniformProxy(experimentId);
        var provenance = new MixtureProvenance(0, MixtureMethodNames.Chameleon, null, found?.Selector, JsonSerializer.SerializeToElement(parameters, Json));
        return await StartAsync(experiment.Id, MixtureMethodNames.Chameleon, parameters, provenance, jobId => found is not null
            ? LaunchEmbeddingAsync(jobId, experimentId, found, parameters, ct)
            : LaunchAsync(jobId, experimentId, MixtureMethodStages.UniformProxy, 1,
                MixtureMethodStages.OneRun($"chameleon-{jobId}", MixtureMethodStages.UniformProxy, MixtureMethodStages.Uniform(DomainNames(experimentId)),
                    new ProxyModelSpec(parameters.Preset), parameters.Steps, parameters.Seed, parameters.Executor), null, ct));
    }

    /// <summary>Stops the job's current sweep and marks the job cancelled; false when it was already final.</summary>
    public async Task<bool> CancelAsync(long jobId, CancellationToken ct)
    {
        var job = store.Find(jobId) ?? throw NotFoundException.MixtureMethodJob(jobId);
        bool ended;
        using (var write = db.BeginWrite())
        {
            ended = store.End(jobId, MixtureMethodNames.Cancelled, "cancelled by request");
            if (ended && store.Sweeps(jobId).LastOrDefault() is { } last)
                events.Append(last.SweepId, MixtureMethodStages.FinishedEvent, new { jobId, status = MixtureMethodNames.Cancelled });
            write.Commit();
        }
        if (ended && store.Sweeps(job.Id).LastOrDefault() is { } current) await launcher.CancelAsync(current.SweepId, ct);
        return ended;
    }

    /// <summary>Starts the next stage once the current one's sweep completed, or ends the job. Called by the coordinator.</summary>
    public async Task AdvanceAsync(long jobId, CancellationToken ct)
    {
        var job = store.Find(jobId);
        if (job is null || job.Status != MixtureMethodNames.Running) return;
        var stages = store.Sweeps(jobId);
        if (stages.Count == 0)
        {
            // The request inserts the job and then launches its first sweep; a job left without one was interrupted.
            if (clock.GetUtcNow() - DateTimeOffset.Parse(job.CreatedAt) > TimeSpan.FromMinutes(2)) Fail(job, "the first stage was never launched");
            return;
        }
        var current = stages[^1];
        var sweep = sweeps.Find(current.SweepId);
        if (sweep is null) { Fail(job, $"sweep {current.SweepId} of stage {current.Stage} was deleted"); return; }
        if (!SweepStatus.IsFinal(sweep.Status)) return;
        var run = sweeps.Runs(sweep.Id).Single();
        if (sweep.Status != SweepStatus.Completed)
        {
            Fail(job, $"stage {current.Stage} (sweep {sweep.Id}) {sweep.Status}: {run.LastError ?? "no error recorded"}");
            return;
        }
        try
        {
            if (job.Method == MixtureMethodNames.DoReMi) await AdvanceDoReMiAsync(job, current, sweep, run, ct);
            else await AdvanceChameleonAsync(job, current, sweep, run, ct);
        }
        catch (DomainException e)
        {
            Fail(job, $"could not start the stage after {current.Stage}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            Fail(job, e.Message);
        }
    }

    private async Task AdvanceDoReMiAsync(MixtureMethodJobRow job, MixtureMethodSweepRow current, SweepRow sweep, SweepRunRow run, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<DoReMiParameters>(job.ParametersJson, Json)!;
        var round = (int)current.Round;
        if (current.Stage == MixtureMethodStages.Reference)
        {
            var uniform = MixtureMethodStages.Uniform(DomainNames(job.ExperimentId));
            var mode = new LeaseRunMode(LeaseRunMode.DoReMiProxy, new RunCheckpoint(sweep.Id, run.RunId), p.Eta, p.Smoothing, p.TrajectoryEvery);
            await LaunchAsync(job.Id, job.ExperimentId, MixtureMethodStages.Proxy, round,
                MixtureMethodStages.OneRun($"doremi-{job.Id}-r{round}", MixtureMethodStages.Proxy, uniform, new ProxyModelSpec(p.Preset), p.Steps, p.Seed,
                    p.Executor), mode, ct);
            return;
        }
        var final = store.Outputs(sweep.Id, MixtureMethodStore.WeightsOutput).LastOrDefault(o => o.Step == sweep.Steps);
        if (final is null) { Fail(job, $"the DoReMi proxy (sweep {sweep.Id}) completed without posting its final weights"); return; }
        var weights = JsonSerializer.Deserialize<DomainWeightsPoint>(final.DataJson, Json)!.Average;
        if (round < p.Rounds)
        {
            await LaunchAsync(job.Id, job.ExperimentId, MixtureMethodStages.Reference, round + 1,
                MixtureMethodStages.OneRun($"doremi-{job.Id}-r{round + 1}", MixtureMethodStages.Reference, weights, new ProxyModelSpec(p.Preset), p.Steps,
                    p.Seed, p.Executor), null, ct);
            return;
        }
        Complete(job, sweep.Id, weights, null);
    }

    private async Task AdvanceChameleonAsync(MixtureMethodJobRow job, MixtureMethodSweepRow current, SweepRow sweep, SweepRunRow run, CancellationToken ct)
    {
        var p = JsonSerializer.Deserialize<ChameleonParameters>(job.ParametersJson, Json)!;
        if (current.Stage == MixtureMethodStages.UniformProxy)
        {
            var trained = checkpoints.Of(job.ExperimentId, sweep, run);
            using (var write = db.BeginWrite())
            {
                store.SetProvenance(job.Id, JsonSerializer.Serialize(
                    JsonSerializer.Deserialize<MixtureProvenance>(job.ProvenanceJson, Json)! with { Checkpoint = trained.Selector }, Json));
                write.Commit();
            }
            await LaunchEmbeddingAsync(job.Id, job.ExperimentId, trained, p, ct);
            return;
        }
        var posted = store.Outputs(sweep.Id, MixtureMethodStore.EmbeddingsOutput).LastOrDefault();
        if (posted is null) { Fail(job, $"the embedding pass (sweep {sweep.Id}) completed without posting embeddings"); return; }
        var embeddings = JsonSerializer.Deserialize<DomainEmbeddings>(posted.DataJson, Json)!;
        var domains = DomainNames(job.ExperimentId);
        var vectors = domains.Select(d => (IReadOnlyList<double>)embeddings.Embeddings[d]).ToList();
        var scores = ChameleonWeights.LeverageScores(vectors, p.Lambda);
        var pretraining = ChameleonWeights.PretrainingWeights(scores, p.TauPretrain);
        var fineTuning = ChameleonWeights.FineTuningWeights(scores, p.TauFinetune);
        Dictionary<string, double> ByDomain(double[] values) => domains.Select((d, i) => (d, values[i])).ToDictionary();
        var details = new ChameleonResult(ByDomain(scores), ByDomain(pretraining), ByDomain(fineTuning), embeddings.Layer, vectors[0].Count);
        Complete(job, sweep.Id, ByDomain(pretraining), details);
    }

    private Task<long> LaunchEmbeddingAsync(long jobId, long experimentId, TrainedProxy proxy, ChameleonParameters p, CancellationToken ct) =>
        LaunchAsync(jobId, experimentId, MixtureMethodStages.Embedding, 1,
            MixtureMethodStages.OneRun($"chameleon-{jobId}", MixtureMethodStages.Embedding, MixtureMethodStages.Uniform(DomainNames(experimentId)),
                proxy.Model, 1, p.Seed, p.Executor) with { Checkpoints = new CheckpointSpec(Steps: [1]) },
            new LeaseRunMode(LeaseRunMode.Embed, proxy.Checkpoint, WindowsPerDomain: p.WindowsPerDomain, Seed: p.Seed), ct);

    /// <summary>Inserts the job, then launches its first stage; if that launch is refused the job is removed again, so a bad request writes nothing.</summary>
    private async Task<long> StartAsync<T>(long experimentId, string method, T parameters, MixtureProvenance provenance, Func<long, Task<long>> launchFirst)
    {
        long jobId;
        using (var write = db.BeginWrite())
        {
            jobId = store.Insert(experimentId, method, JsonSerializer.Serialize(parameters, Json), "{}");
            store.SetProvenance(jobId, JsonSerializer.Serialize(provenance with { JobId = jobId }, Json));
            write.Commit();
        }
        try
        {
            await launchFirst(jobId);
        }
        catch
        {
            using var write = db.BeginWrite();
            store.Delete(jobId);
            write.Commit();
            throw;
        }
        return jobId;
    }

    private async Task<long> LaunchAsync(long jobId, long experimentId, string stage, int round, CreateSweepRequest request, LeaseRunMode? mode, CancellationToken ct)
    {
        var sweepId = await launcher.CreateAsync(experimentId, request, ct, mode);
        using (var write = db.BeginWrite())
        {
            store.AddSweep(jobId, sweepId, stage, round);
            events.Append(sweepId, MixtureMethodStages.StageStartedEvent, new { jobId, stage, round, sweepId });
            write.Commit();
        }
        // cancelled while this stage was being launched: do not leave its sweep training
        if (store.Find(jobId)?.Status == MixtureMethodNames.Cancelled) await launcher.CancelAsync(sweepId, ct);
        return sweepId;
    }

    private void Complete(MixtureMethodJobRow job, long lastSweepId, IReadOnlyDictionary<string, double> weights, ChameleonResult? details)
    {
        using var write = db.BeginWrite();
        store.Complete(job.Id, JsonSerializer.Serialize(weights, Json), details is null ? null : JsonSerializer.Serialize(details, Json));
        events.Append(lastSweepId, MixtureMethodStages.FinishedEvent, new { jobId = job.Id, status = MixtureMethodNames.Completed, weights });
        write.Commit();
    }

    private void Fail(MixtureMethodJobRow job, string error)
    {
        using var write = db.BeginWrite();
        if (store.End(job.Id, MixtureMethodNames.Failed, error) && store.Sweeps(job.Id).LastOrDefault() is { } last)
            events.Append(last.SweepId, MixtureMethodStages.FinishedEvent, new { jobId = job.Id, status = MixtureMethodNames.Failed, error });
        write.Commit();
    }

    /// <summary>A mixture kind (natural, uniform, entropy-*, a trained kind) or a saved mixture's name, as domain → proportion.</summary>
    private IReadOnlyDictionary<string, double> ResolveMixture(long experimentId, string name, string field)
    {
        if (MixtureKinds.All.Contains(name)) return corpusMixtures.Compute(experimentId, name, null, null, field + ".").Mixture;
        return namedMixtures.Find(experimentId, name)?.Mixture
               ?? throw new UnanswerableException(field,
                   $"unknown mixture '{name}': neither a mixture kind ({MixtureKinds.AllText}) nor a saved mixture of experiment {experimentId}");
    }

    private IReadOnlyList<string> DomainNames(long experimentId) => experiments.Domains(experimentId).Select(d => d.Name).ToList();
}
