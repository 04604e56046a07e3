using System.Collections.Concurrent;
using ScalingApi.Corpora.Preparation;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>
/// Live counters of the domains being prepared right now. Kept in memory: after a restart the domain starts again
/// from zero, and finished domains read their figures from the database.
/// </summary>
public sealed class PreparationCounters
{
    private readonly ConcurrentDictionary<(long JobId, long DomainId), PreparationProgress> _running = new();

    /// <summary>Parallel readers may report out of order; the latest report with the most input done wins.</summary>
    public void Report(long jobId, long domainId, PreparationProgress progress) =>
        _running.AddOrUpdate((jobId, domainId), progress, (_, before) => before.FileBytesDone > progress.FileBytesDone ? before : progress);

    public void Finish(long jobId, long domainId) => _running.TryRemove((jobId, domainId), out _);

    /// <summary>The job's running domains now. Read before the domains' rows: a domain's counters are dropped only
    /// after its figures are committed, so a domain missing here and not done there has not started.</summary>
    public IReadOnlyDictionary<long, PreparationProgress> ForJob(long jobId) =>
        _running.Where(r => r.Key.JobId == jobId).ToDictionary(r => r.Key.DomainId, r => r.Value);
}

/// <summary>The cancellation of each job being run in this process, so the cancel endpoint can stop it mid-domain.</summary>
public sealed class RunningPreparations
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    /// <returns>Disposing it forgets the job.</returns>
    public IDisposable Register(long jobId, CancellationTokenSource cancellation)
    {
        _running[jobId] = cancellation;
        return new Registration(() => _running.TryRemove(jobId, out _));
    }

    public void Cancel(long jobId)
    {
        if (_running.TryGetValue(jobId, out var cancellation))
        {
            try { cancellation.Cancel(); }
            catch (ObjectDisposedException) { } // the job ended meanwhile
        }
    }

    private sealed class Registration(Action forget) : IDisposable
    {
        public void Dispose() => forget();
    }
}
