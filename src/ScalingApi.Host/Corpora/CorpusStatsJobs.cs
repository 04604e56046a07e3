using ScalingApi.Contracts;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>Starts statistics jobs (idempotently) and describes them with live progress.</summary>
public sealed class CorpusStatsJobs(
    DbSession db, ExperimentStore experiments, CorpusStatsStore store, CurrentCorpusStats current,
    JobQueue<CorpusStatsRunner> queue, CorpusStatsProgress progress, ScalingApi.Host.Hosting.ServerPaths serverPaths)
{
    /// <summary>
    /// The experiment's active job for this tokenizer if there is one; else a new job, already completed when
    /// every domain's current corpus is cached, otherwise queued for the background worker.
    /// </summary>
    public CorpusStatsJobResponse Start(long experimentId, string? tokenizer)
    {
        var experiment = experiments.Find(experimentId) ?? throw NotFoundException.Experiment(experimentId);
        // a named tokenizer was checked by CorpusStatsRules; the experiment's own was checked when it was created
        var tokenizerId = tokenizer ?? experiment.Tokenizer;

        // fingerprinting reads only file metadata, but it is done before taking the write lock all the same
        var domains = current.For(experimentId, tokenizerId);
        if (domains.Count == 0)
            throw new UnanswerableException("domains", $"no domain of experiment {experimentId} has a corpus reference (domains[i].corpus)");

        using var write = db.BeginWrite();
        if (store.ActiveJob(experimentId, tokenizerId) is { } active) return Describe(active);
        var allCached = domains.All(d => d.Cached is not null);
        var jobId = store.InsertJob(experimentId, tokenizerId, allCached ? CorpusStatsJobStatus.Completed : CorpusStatsJobStatus.Queued);
        foreach (var domain in domains)
            store.InsertJobDomain(jobId, domain.Corpus.DomainId, domain.Fingerprint, domain.FileBytes, fromCache: domain.Cached is not null);
        var job = Describe(store.FindJob(jobId)!);
        write.Commit();
        if (!allCached) queue.Enqueue(jobId);
        return job;
    }

    public CorpusStatsJobResponse? Find(long experimentId, long jobId) =>
        store.FindJob(jobId) is { } job && job.ExperimentId == experimentId ? Describe(job) : null;

    public CorpusStatsJobResponse? Latest(long experimentId, string? tokenizer) =>
        store.LatestJob(experimentId, tokenizer) is { } job ? Describe(job) : null;

    private CorpusStatsJobResponse Describe(CorpusStatsJobRow job)
    {
        var domains = store.JobDomains(job.Id).Select(d => DescribeDomain(job.Id, d)).ToList();
        var done = domains.Sum(d => d.BytesDone);
        var total = domains.Sum(d => d.BytesTotal);
        return new CorpusStatsJobResponse(job.Id, job.ExperimentId, job.Tokenizer, job.Status, serverPaths.Scrub(job.Error), done, total,
            total == 0 ? 1 : (double)done / total, domains,
            DateTimeOffset.Parse(job.CreatedAt), Parse(job.StartedAt), Parse(job.FinishedAt));
    }

    private DomainCorpusStatsResponse DescribeDomain(long jobId, CorpusStatsJobDomainRow d)
    {
        var live = progress.BytesDone(jobId, d.DomainId);
        var (status, done) = d.Result is not null ? ("done", d.BytesTotal)
            : live is { } bytes ? ("running", Math.Min(bytes, d.BytesTotal))
            : ("pending", 0L);
        return new DomainCorpusStatsResponse(d.Domain, d.Corpus, status, done, d.BytesTotal, d.FromCache, d.Fingerprint, ToFigures(d.Result));
    }

    internal static CorpusStatsFigures? ToFigures(CorpusStatsRow? r) => r is null ? null : new(
        r.Files, r.FileBytes, r.Documents, r.Bytes, r.Tokens, r.Pairs, r.ShannonEntropy, r.JointEntropy,
        r.ConditionalEntropy, r.VonNeumannEntropy, r.EmbeddingDimensions, r.ElapsedMs);

    private static DateTimeOffset? Parse(string? timestamp) => timestamp is null ? null : DateTimeOffset.Parse(timestamp);
}
