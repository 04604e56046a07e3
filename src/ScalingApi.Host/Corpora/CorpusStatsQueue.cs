using System.Threading.Channels;

namespace ScalingApi.Host.Corpora;

/// <summary>Job ids waiting for the background worker. The database is the truth; this only wakes the worker.</summary>
public sealed class CorpusStatsQueue
{
    private readonly Channel<long> _jobs = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(long jobId) => _jobs.Writer.TryWrite(jobId);

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);
}
