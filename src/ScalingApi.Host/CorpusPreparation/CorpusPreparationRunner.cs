using System.Diagnostics;
using System.Text.Json;
using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.References;
using ScalingApi.Host.Corpora;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>
/// Runs one preparation job to its end, domain after domain. A domain's figures and shard list are written in one
/// transaction when it finishes, so a job resumed after a crash or restart skips finished domains, empties the folder
/// of the one that was in progress and redoes it; with <see cref="PreparationStages.AcrossDomains"/> the finished
/// domains' shards are first put back into the shared duplicate index, so the counts equal an uninterrupted run's.
/// Domains point at their prepared folders only when the whole job completes (one transaction).
/// </summary>
public sealed class CorpusPreparationRunner(
    DbSession db, CorpusPreparationStore store, PreparationEventLog events, CorpusReferences references, PreparedCorpusFolders folders,
    PreparationCounters counters, RunningPreparations running, ServerPaths serverPaths, ILogger<CorpusPreparationRunner> logger) : IQueuedJobRunner
{
    public IReadOnlyList<long> UnfinishedJobIds() => store.UnfinishedJobIds();

    public void Run(long jobId, CancellationToken cancellationToken)
    {
        var job = store.FindJob(jobId);
        if (job is null || CorpusPreparationStatus.IsFinal(job.Status)) return;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var registration = running.Register(jobId, cancellation);
        // read after registering: a cancel either set the flag before this read or reaches the token after it
        if (store.FindJob(jobId)!.CancelRequested)
        {
            End(job, CorpusPreparationStatus.Cancelled, null);
            return;
        }
        Write(() =>
        {
            store.MarkRunning(jobId);
            events.Append(jobId, job.StartedAt is null ? PreparationEventTypes.Started : PreparationEventTypes.Resumed, new { });
        });
        try
        {
            var stages = JsonSerializer.Deserialize<PreparationStages>(job.StagesJson, StoredJson.Options)!;
            var shared = stages.AcrossDomains ? NewIndex(stages) : null;
            foreach (var domain in store.Domains(jobId))
            {
                var folder = folders.Domain(job.ExperimentId, jobId, domain.DomainId, domain.Domain);
                if (domain.Done)
                {
                    if (shared is not null) new CorpusPreparer(stages, shared).Remember(Shards(folder, domain), cancellation.Token);
                    continue;
                }
                Prepare(job, domain, folder, new CorpusPreparer(stages, shared ?? NewIndex(stages)), cancellation.Token);
            }
            Write(() =>
            {
                foreach (var domain in store.Domains(jobId).Where(d => d.DocumentsOut > 0))
                    store.Repoint(jobId, domain.DomainId, domain.PreparedCorpus);
                store.MarkFinished(jobId, CorpusPreparationStatus.Completed, null);
                events.Append(jobId, PreparationEventTypes.Finished, new { status = CorpusPreparationStatus.Completed });
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // shutdown: the job stays running and is resumed at the next start
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            End(job, CorpusPreparationStatus.Cancelled, null);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Corpus preparation job {JobId} failed", jobId);
            End(job, CorpusPreparationStatus.Failed, serverPaths.Scrub(e.Message));
        }
    }

    private void Prepare(CorpusPreparationJobRow job, CorpusPreparationDomainRow domain, PreparedFolder folder, CorpusPreparer preparer,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> files;
        try { files = references.Resolve(domain.OriginalCorpus).Files; }
        catch (CorpusReferenceException e) { throw new InvalidOperationException($"Domain '{domain.Domain}': {e.Message}", e); }
        folders.CreateEmpty(folder.Path);
        Write(() => events.Append(job.Id, PreparationEventTypes.DomainStarted, new { domain = domain.Domain, files = files.Count, domain.FileBytesTotal }));

        var clock = Stopwatch.StartNew();
        DomainPreparation result;
        try
        {
            result = preparer.Prepare(files, folder.Path, new DomainProgress(counters, events, job.Id, domain), cancellationToken);
            var shards = result.Shards.Select(s => Path.GetRelativePath(folder.Path, Path.GetFullPath(s, folder.Path)).Replace(Path.DirectorySeparatorChar, '/')).ToList();
            Write(() =>
            {
                store.FinishDomain(job.Id, domain.DomainId, new CorpusPreparationDomainResult(result.DocumentsIn, result.BytesIn, result.DocumentsOut,
                    result.BytesOut, JsonSerializer.Serialize(shards, StoredJson.Options), JsonSerializer.Serialize(result.Stages, StoredJson.Options),
                    clock.Elapsed.TotalMilliseconds));
                events.Append(job.Id, PreparationEventTypes.DomainFinished, new
                {
                    domain = domain.Domain, result.DocumentsIn, result.BytesIn, result.DocumentsOut, result.BytesOut, shards = shards.Count,
                });
            });
        }
        finally
        {
            // after the figures are committed, so a reader never sees the domain neither running nor done
            counters.Finish(job.Id, domain.DomainId);
        }
        logger.LogInformation("Prepared domain {Domain} of job {JobId}: {In} → {Out} documents in {Ms:F0} ms",
            domain.Domain, job.Id, result.DocumentsIn, result.DocumentsOut, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>A cancelled or failed job's output is deleted: no domain points at it.</summary>
    private void End(CorpusPreparationJobRow job, string status, string? error)
    {
        try { folders.Delete(folders.Job(job.ExperimentId, job.Id).Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CorpusReferenceException)
        {
            logger.LogWarning(e, "Could not delete the output of corpus preparation job {JobId}", job.Id);
        }
        Write(() =>
        {
            store.MarkFinished(job.Id, status, error);
            events.Append(job.Id, PreparationEventTypes.Finished, new { status, error });
        });
    }

    private static DuplicateIndex NewIndex(PreparationStages stages) => new(stages.ExactDedup, stages.NearDedup);

    private static List<string> Shards(PreparedFolder folder, CorpusPreparationDomainRow domain) =>
        (JsonSerializer.Deserialize<List<string>>(domain.ShardsJson ?? "[]", StoredJson.Options) ?? [])
        .Select(s => Path.Combine(folder.Path, s)).ToList();

    private void Write(Action action)
    {
        using var write = db.BeginWrite();
        action();
        write.Commit();
    }

    /// <summary>Keeps the live counters and, at most once a second, appends a progress event on its own short session
    /// (reports may come from the preparer's threads while the runner's session waits).</summary>
    private sealed class DomainProgress(PreparationCounters counters, PreparationEventLog events, long jobId, CorpusPreparationDomainRow domain) : IProgress<PreparationProgress>
    {
        private static readonly TimeSpan EventInterval = TimeSpan.FromSeconds(1);
        private readonly Lock _gate = new();
        private readonly Stopwatch _sinceEvent = Stopwatch.StartNew();

        public void Report(PreparationProgress value)
        {
            counters.Report(jobId, domain.DomainId, value);
            lock (_gate)
            {
                if (_sinceEvent.Elapsed < EventInterval) return;
                _sinceEvent.Restart();
                events.AppendNow(jobId, PreparationEventTypes.DomainProgress,
                    new { domain = domain.Domain, value.DocumentsRead, value.DocumentsKept, value.FileBytesDone, domain.FileBytesTotal });
            }
        }
    }
}
