using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Fits;
using ScalingApi.Host.Sweeps.Executors;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps;

/// <summary>Creates sweeps (one transaction: the sweep, its runs, its tasks) and hands them to their executor; cancels them.</summary>
public sealed class SweepLauncher(
    DbSession db, ExperimentStore experiments, CorpusLocator corpora, CorpusMixtures corpusMixtures, NamedMixtures namedMixtures, RunStore runs, RunModelStore runModels, SweepStore sweeps, SweepEventLog events, SweepExecutors executors,
    IOptions<SweepOptions> options, IOptions<JsonOptions> json, ILogger<SweepLauncher> logger, Telemetry.ScalingApiMetrics metrics)
{
    /// <param name="request">A request that passed <see cref="CreateSweepRules"/> (or was built by a mixture-method job from a request that passed its rules).</param>
    /// <param name="mode">What every run of the sweep does besides ordinary training (mixture-method jobs); null for ordinary sweeps.</param>
    /// <returns>The new sweep's id.</returns>
    public async Task<long> CreateAsync(long experimentId, CreateSweepRequest request, CancellationToken ct, LeaseRunMode? mode = null)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        var domains = experiments.Domains(experimentId);
        var errors = new List<FieldError>();
        var valid = SweepValidator.Resolve(request, options.Value.DefaultExecutor, experiment.Tokenizer, errors);
        var sources = new MixtureSources(
            name => namedMixtures.Find(experimentId, name)?.Mixture,
            (kind, temperature, field) => corpusMixtures.Compute(experimentId, kind, temperature, valid?.Tokenizer, field).Mixture);
        var mixtures = MixturePlanner.Plan(request.Mixtures, domains, request.Seed, options.Value.MaxRuns, sources, errors);
        if (errors.Count > 0 || valid is null) throw new InvalidInputException(errors);
        return await LaunchAsync(experimentId, request, valid, mixtures, recordAlso: null, ct, mode);
    }

    /// <summary>
    /// Writes a sweep of mixtures already planned and validated (one run each, in task order) and submits it.
    /// <paramref name="recordAlso"/> writes the caller's own rows (sweep id, run ids in task order) in the same
    /// transaction, so a failure leaves nothing behind.
    /// </summary>
    /// <param name="mode">What every run of the sweep does besides ordinary training; null for ordinary sweeps.</param>
    /// <returns>The new sweep's id.</returns>
    public async Task<long> LaunchAsync(long experimentId, CreateSweepRequest request, SweepValidator.ValidSweep valid,
        IReadOnlyList<PlannedMixture> mixtures, Action<long, IReadOnlyList<long>>? recordAlso, CancellationToken ct, LeaseRunMode? mode = null)
    {
        var domains = experiments.Domains(experimentId);
        RequireCorpora(experimentId, domains);

        long sweepId;
        var runIds = new List<long>();
        using (var write = db.BeginWrite())
        {
            sweepId = sweeps.Insert(new NewSweep(experimentId, request.Name ?? "", valid.Executor, valid.Tokenizer,
                JsonSerializer.Serialize(valid.Model, json.Value.SerializerOptions), valid.Shape.ParameterCount, valid.Shape.TokensPerStep,
                request.Steps, valid.CheckpointSteps, request.Seed, JsonSerializer.Serialize(request, json.Value.SerializerOptions),
                mode is null ? null : JsonSerializer.Serialize(mode, json.Value.SerializerOptions)));
            var sweepName = sweeps.Find(sweepId)!.Name;
            var existing = runs.List(experimentId).Select(r => r.Name).ToHashSet();
            // Every run records the schedule it trains with (workers read it back from the lease), so schedule-aware laws can fit the runs.
            var schedule = RunScheduleJson.Serialize(valid.Schedule);
            for (var task = 0; task < mixtures.Count; task++)
            {
                var runName = $"{sweepName}-{mixtures[task].Name}";
                if (runName.Length > FieldRules.MaxNameLength)
                    throw new InvalidInputException("name", $"run name '{runName[..40]}…' would exceed {FieldRules.MaxNameLength} characters");
                if (!existing.Add(runName))
                    throw new ConflictException("name", $"run '{runName}' already exists in experiment {experimentId}; choose another sweep name");
                var proportions = domains.Select((d, i) => (d.Id, mixtures[task].Proportions[i])).ToDictionary();
                var runId = runs.Insert(experimentId, runName, valid.Shape.TokensPerStep, proportions);
                runModels.SetSchedule(runId, schedule);
                sweeps.InsertRun(sweepId, runId, task, mixtures[task].Seed);
                runIds.Add(runId);
            }
            events.Append(sweepId, SweepEventTypes.Created, new { sweepId, experimentId, runs = runIds.Count, executor = valid.Executor });
            recordAlso?.Invoke(sweepId, runIds);
            write.Commit();
        }

        await SubmitAsync(new SweepSubmission(sweepId, experimentId, runIds.Count, runIds), valid.Executor, ct);
        metrics.SweepLaunched(valid.Executor);
        return sweepId;
    }

    /// <returns>False when the sweep was already final (nothing to cancel).</returns>
    public async Task<bool> CancelAsync(long sweepId, CancellationToken ct)
    {
        SweepRow sweep;
        using (var write = db.BeginWrite())
        {
            sweep = sweeps.Find(sweepId) ?? throw NotFoundException.Sweep(sweepId);
            if (SweepStatus.IsFinal(sweep.Status)) return false;
            var cancelled = sweeps.CancelRuns(sweepId, "cancelled by request");
            sweeps.SetStatus(sweepId, SweepStatus.Cancelled);
            events.Append(sweepId, SweepEventTypes.Cancelled, new { runsCancelled = cancelled });
            events.Append(sweepId, SweepEventTypes.Finished, new { status = SweepStatus.Cancelled });
            write.Commit();
        }
        if (executors.Find(sweep.Executor) is { } executor)
        {
            try { await executor.CancelAsync(sweepId, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The runs are cancelled already; a worker the executor failed to stop learns it on its next heartbeat.
                logger.LogError(e, "Executor {Executor} failed to cancel sweep {SweepId}", sweep.Executor, sweepId);
            }
        }
        return true;
    }

    /// <summary>Workers train on the domains' corpora: every domain needs a reference that resolves now.</summary>
    private void RequireCorpora(long experimentId, IReadOnlyList<DomainRow> domains)
    {
        var withCorpus = corpora.ResolveAll(experimentId).Select(c => c.DomainId).ToHashSet();
        var missing = domains.FirstOrDefault(d => !withCorpus.Contains(d.Id));
        if (missing is not null)
            throw new UnanswerableException($"domains[{missing.Position}].corpus",
                $"a sweep trains on the domains' corpora, and domain '{missing.Name}' has no corpus reference");
    }

    private async Task SubmitAsync(SweepSubmission submission, string executorName, CancellationToken ct)
    {
        try
        {
            await executors.Find(executorName)!.SubmitAsync(submission, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The sweep exists and its runs are pending: record why nothing runs yet rather than failing the request.
            logger.LogError(e, "Executor {Executor} failed to submit sweep {SweepId}", executorName, submission.SweepId);
            using var write = db.BeginWrite();
            events.Append(submission.SweepId, SweepEventTypes.ExecutorError, new { executor = executorName, error = e.Message });
            write.Commit();
        }
    }
}
