using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Corpora.References;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Host.Validation;
using ScalingApi.Storage;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>Starts and cancels corpus preparation jobs. A job records, per domain, the reference it reads (kept on
/// record as the original) and the prepared folder the domain will point at once the job completes.</summary>
public sealed class CorpusPreparationJobs(
    DbSession db, ExperimentStore experiments, CorpusPreparationStore store, CorpusReferences references, PreparedCorpusFolders folders,
    PreparationEventLog events, JobQueue<CorpusPreparationRunner> queue, RunningPreparations running)
{
    /// <returns>The new job's id.</returns>
    /// <remarks>The request's own rules have run (<see cref="CorpusPreparationRules"/>); here the domains against the experiment's.</remarks>
    /// <exception cref="InvalidInputException">a domain the experiment does not have</exception>
    /// <exception cref="NotFoundException">unknown experiment</exception>
    /// <exception cref="ConflictException">a job of the experiment is queued or running.</exception>
    /// <exception cref="UnanswerableException">a domain without a usable corpus reference.</exception>
    public long Start(long experimentId, StartCorpusPreparationRequest request)
    {
        if (experiments.Find(experimentId) is null) throw NotFoundException.Experiment(experimentId);
        var (domains, errors) = Choose(experimentId, request.Domains);
        if (errors.Count > 0) throw new InvalidInputException(errors);
        var inputs = domains.Select(d => (d.Row, d.Field, Bytes: InputBytes(d.Row, d.Field))).ToList();

        using var write = db.BeginWrite();
        if (store.ActiveJob(experimentId) is { } active)
            throw new ConflictException("id", $"experiment {experimentId} already has corpus preparation job {active.Id} ({active.Status}); " +
                $"wait for it or POST /api/experiments/{experimentId}/corpus-preparation/{active.Id}/cancel");
        var jobId = store.InsertJob(experimentId, JsonSerializer.Serialize(request.Stages, StoredJson.Options));
        for (var i = 0; i < inputs.Count; i++)
        {
            var (row, _, bytes) = inputs[i];
            store.InsertDomain(jobId, row.Id, i, row.Corpus!, folders.Domain(experimentId, jobId, row.Id, row.Name).Reference, bytes);
        }
        events.Append(jobId, PreparationEventTypes.Queued, new { domains = inputs.Select(d => d.Row.Name) });
        write.Commit();
        queue.Enqueue(jobId);
        return jobId;
    }

    /// <summary>A queued job ends cancelled at once; a running one is stopped mid-domain by its runner, which deletes its
    /// output (nothing points at it yet). A finished job is left as it is.</summary>
    /// <exception cref="NotFoundException">unknown experiment or job.</exception>
    public void Cancel(long experimentId, long jobId)
    {
        using (var write = db.BeginWrite())
        {
            var job = store.FindJob(jobId);
            if (job is null || job.ExperimentId != experimentId) throw NotFoundException.CorpusPreparationJob(experimentId, jobId);
            if (CorpusPreparationStatus.IsFinal(job.Status)) return;
            if (job.Status == CorpusPreparationStatus.Queued)
            {
                store.MarkFinished(jobId, CorpusPreparationStatus.Cancelled, null);
                events.Append(jobId, PreparationEventTypes.Finished, new { status = CorpusPreparationStatus.Cancelled });
            }
            else
            {
                store.RequestCancel(jobId);
                events.Append(jobId, PreparationEventTypes.CancelRequested, new { });
            }
            write.Commit();
        }
        running.Cancel(jobId);
    }

    /// <summary>The requested domains (or every domain with a corpus), each with the request field that names it.
    /// Broken 400 rules are returned; a domain that cannot be prepared (no or unusable corpus) is a 422, thrown.</summary>
    private (List<(DomainRow Row, string Field)> Domains, List<FieldError> Errors) Choose(long experimentId, IReadOnlyList<string>? names)
    {
        var all = experiments.Domains(experimentId);
        var errors = new List<FieldError>();
        var chosen = new List<(DomainRow Row, string Field)>();
        if (names is null)
        {
            chosen.AddRange(all.Where(d => d.Corpus is not null).Select(d => (d, $"domains[{d.Position}].corpus")));
            if (chosen.Count == 0 && all.Count > 0)
                throw new UnanswerableException("domains", $"no domain of experiment {experimentId} has a corpus reference (domains[i].corpus)");
            return (chosen, errors);
        }
        for (var i = 0; i < names.Count; i++)
        {
            var field = $"domains[{i}]";
            if (all.FirstOrDefault(d => d.Name == names[i]) is { } row) chosen.Add((row, field));
            else errors.Add(new(field, UnknownDomain.Rule(names[i], all.Select(d => d.Name))));
        }
        if (errors.Count == 0 && chosen.FirstOrDefault(d => d.Row.Corpus is null) is { Row: not null } bare)
            throw new UnanswerableException(bare.Field, $"domain '{EchoedValue.Of(bare.Row.Name)}' has no corpus reference to prepare");
        return (chosen, errors);
    }

    /// <exception cref="UnanswerableException">when the reference no longer resolves inside the roots.</exception>
    private long InputBytes(DomainRow domain, string field)
    {
        if (CorpusReferenceValidator.Problem(domain.Corpus!, references) is { } rule)
            throw new UnanswerableException(field, $"domain '{EchoedValue.Of(domain.Name)}': corpus reference {rule}");
        try
        {
            return references.Resolve(domain.Corpus!).Files.Sum(f => new FileInfo(f).Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CorpusReferenceException)
        {
            throw new UnanswerableException(field, $"domain '{EchoedValue.Of(domain.Name)}': corpus cannot be read: {e.Message}");
        }
    }
}
