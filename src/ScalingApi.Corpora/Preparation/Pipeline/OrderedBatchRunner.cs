namespace ScalingApi.Corpora.Preparation.Pipeline;

/// <summary>
/// Judges batches in parallel on the thread pool and applies the verdicts on the calling thread strictly in
/// submission order, so everything order-dependent (first copy wins in deduplication, shard contents) is the same
/// as a sequential run. At most <paramref name="maxInFlight"/> batches are judged or waiting at once: submitting
/// one more first applies the oldest, which bounds memory and lets the reader run ahead of the judges only so far.
/// </summary>
internal sealed class OrderedBatchRunner<TVerdicts>(
    Func<List<SourceDocument>, TVerdicts> judge, Action<TVerdicts> apply, int maxInFlight) : IDisposable
{
    private readonly Queue<Task<TVerdicts>> _inFlight = new();

    public void Submit(List<SourceDocument> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _inFlight.Enqueue(Task.Run(() => judge(batch), CancellationToken.None));
        while (_inFlight.Count > maxInFlight) ApplyOldest();
    }

    /// <summary>Applies every batch still in flight.</summary>
    public void Drain()
    {
        while (_inFlight.Count > 0) ApplyOldest();
    }

    private void ApplyOldest() => apply(_inFlight.Dequeue().GetAwaiter().GetResult());

    /// <summary>After a failure or cancellation: waits for the judges still running (their verdicts are dropped),
    /// so no work of this run outlives it.</summary>
    public void Dispose()
    {
        while (_inFlight.Count > 0)
        {
            try { _inFlight.Dequeue().Wait(); }
            catch (AggregateException) { } // the first failure is already propagating
        }
    }
}
