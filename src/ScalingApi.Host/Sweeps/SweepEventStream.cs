using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps;

/// <summary>
/// Reads a sweep's event log as Server-Sent Events from a given id on, waiting for new events until
/// the sweep is final and everything up to its final event has been sent. Each read uses its own
/// short-lived connection, so a long-lived stream holds no database lock or connection.
/// </summary>
public sealed class SweepEventStream(SqliteConnectionFactory connections, SweepEventSignal signal, TimeProvider clock)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public IAsyncEnumerable<SseItem<string>> Read(long sweepId, long afterId, CancellationToken ct) =>
        Read(last => ReadBatch(sweepId, last), afterId, ct);

    /// <summary>
    /// The same stream over any event source: <paramref name="readBatch"/> returns the events after an id (on its own
    /// short-lived session) and whether their owner is final — read before the events, so none is missed.
    /// </summary>
    public async IAsyncEnumerable<SseItem<string>> Read(Func<long, (IReadOnlyList<SweepEventRow> Events, bool Final)> readBatch, long afterId,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var last = afterId;
        while (!ct.IsCancellationRequested)
        {
            var (events, final) = readBatch(last);
            foreach (var e in events)
            {
                last = e.Id;
                yield return new SseItem<string>(e.DataJson, e.Type) { EventId = e.Id.ToString() };
            }
            // The final status is read with the batch, so a final sweep's last events are in that batch or an earlier one.
            if (final && events.Count == 0) yield break;
            if (events.Count == 0) await signal.WaitAsync(Poll, ct);
        }
    }

    private (IReadOnlyList<SweepEventRow> Events, bool Final) ReadBatch(long sweepId, long afterId)
    {
        using var session = new DbSession(connections);
        var store = new SweepStore(session, clock);
        // status first: an event appended after this read is picked up by the next batch
        var final = store.Find(sweepId) is not { } sweep || SweepStatus.IsFinal(sweep.Status);
        return (store.EventsAfter(sweepId, afterId), final);
    }
}
