using System.Collections.Concurrent;

namespace ScalingApi.Host.Corpora;

/// <summary>
/// Live bytes-read counters of the domains being measured right now. Kept in memory: after a restart the
/// domain simply starts again from zero, and finished domains read their totals from the database.
/// </summary>
public sealed class CorpusStatsProgress
{
    private readonly ConcurrentDictionary<(long JobId, long DomainId), long> _running = new();

    /// <summary>Parallel readers may report out of order; the counter only moves forward.</summary>
    public void Report(long jobId, long domainId, long bytesDone) =>
        _running.AddOrUpdate((jobId, domainId), bytesDone, (_, before) => Math.Max(before, bytesDone));

    public void Finish(long jobId, long domainId) => _running.TryRemove((jobId, domainId), out _);

    /// <returns>Bytes read so far, or null when the domain is not being measured.</returns>
    public long? BytesDone(long jobId, long domainId) => _running.TryGetValue((jobId, domainId), out var done) ? done : null;
}
