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

    public async IAsyncEnumerable<SseItem<string>> Read(long sweepId, long afterId, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = afterId;
        while (!ct.IsCancellationRequested)
        {
            var (events, final) = ReadBatch(sweepId, last);
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
