using System.Diagnostics;
using ScalingApi.Corpora.Statistics;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Host.Errors;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>
/// Runs one statistics job to its end: each domain whose current corpus has no cached result for the job's
/// tokenizer is measured, and its result written as one cache row. Rerunning a job (after a crash) skips the
/// domains already cached, so a restart costs at most the domain that was in progress.
/// </summary>
public sealed class CorpusStatsRunner(
    DbSession db, CorpusStatsStore store, CorpusLocator locator, CurrentCorpusStats current,
    CorpusStatsProgress progress, ILogger<CorpusStatsRunner> logger) : IQueuedJobRunner
{
    public IReadOnlyList<long> UnfinishedJobIds() => store.UnfinishedJobIds();

    /// <exception cref="OperationCanceledException">Shutdown: the job stays running and is queued again at the next start.</exception>
    public void Run(long jobId, CancellationToken cancellationToken)
    {
        var job = store.FindJob(jobId);
        if (job is null || job.Status is CorpusStatsJobStatus.Completed or CorpusStatsJobStatus.Failed) return;
        Write(() => store.MarkRunning(jobId));
        try
        {
            var tokenizer = TokenizerCatalog.Get(job.Tokenizer);
            var corpora = locator.ResolveAll(job.ExperimentId).ToDictionary(c => c.DomainId);
            foreach (var domain in store.JobDomains(jobId))
            {
                var corpus = corpora.GetValueOrDefault(domain.DomainId)
                             ?? throw new InvalidOperationException($"Domain '{domain.Domain}' no longer has a corpus reference.");
                Measure(jobId, corpus, tokenizer, cancellationToken);
            }
            Write(() => store.MarkFinished(jobId, CorpusStatsJobStatus.Completed, null));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // a DomainException's message lists its field errors
            logger.LogWarning(e, "Corpus statistics job {JobId} failed: {Reason}", jobId, e.Message);
            Write(() => store.MarkFinished(jobId, CorpusStatsJobStatus.Failed, e.Message));
        }
    }

    private void Measure(long jobId, DomainCorpus corpus, ICorpusTokenizer tokenizer, CancellationToken cancellationToken)
    {
        var now = current.For(corpus, tokenizer.Id);
        Write(() => store.UpdateJobDomain(jobId, corpus.DomainId, now.Fingerprint, now.FileBytes, fromCache: now.Cached is not null));
        if (now.Cached is not null) return;

        var clock = Stopwatch.StartNew();
        progress.Report(jobId, corpus.DomainId, 0);
        try
        {
            var stats = CorpusStatisticsCalculator.Compute(corpus.Files, tokenizer,
                progress: new DomainProgress(progress, jobId, corpus.DomainId), cancellationToken: cancellationToken);
            Write(() =>
            {
                store.SaveCached(ToRow(stats, clock.Elapsed.TotalMilliseconds));
                // the files may have changed between fingerprinting and reading; report what was measured
                store.UpdateJobDomain(jobId, corpus.DomainId, stats.Fingerprint, stats.FileBytes, fromCache: false);
            });
            logger.LogInformation("Corpus statistics of domain {Domain} ({Bytes} bytes, {Tokenizer}) took {Ms:F0} ms",
                corpus.Domain, stats.FileBytes, tokenizer.Id, clock.Elapsed.TotalMilliseconds);
        }
        finally
        {
            progress.Finish(jobId, corpus.DomainId);
        }
    }

    private static CorpusStatsRow ToRow(DomainCorpusStats s, double elapsedMs) => new()
    {
        Fingerprint = s.Fingerprint, Tokenizer = s.TokenizerId, Files = s.Files, FileBytes = s.FileBytes,
        Documents = s.Documents, Bytes = s.Bytes, Tokens = s.Tokens, Pairs = s.Pairs,
        ShannonEntropy = s.ShannonEntropy, JointEntropy = s.JointEntropy, ConditionalEntropy = s.ConditionalEntropy,
        VonNeumannEntropy = s.VonNeumannEntropy, EmbeddingDimensions = s.EmbeddingDimensions, ElapsedMs = elapsedMs,
    };

    private void Write(Action action)
    {
        using var write = db.BeginWrite();
        action();
        write.Commit();
    }

    /// <summary>Synchronous (unlike <see cref="Progress{T}"/>), so no report can land after the domain finished.</summary>
    private sealed class DomainProgress(CorpusStatsProgress progress, long jobId, long domainId) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) => progress.Report(jobId, domainId, value.BytesDone);
    }
}
