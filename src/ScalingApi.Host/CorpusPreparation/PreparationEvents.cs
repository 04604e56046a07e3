using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Host.Sweeps;
using ScalingApi.Storage;

namespace ScalingApi.Host.CorpusPreparation;

/// <summary>The event types of a preparation job's stream, spelled once.</summary>
public static class PreparationEventTypes
{
    public const string Queued = "job-queued";
    public const string Started = "job-started";
    public const string Resumed = "job-resumed";
    public const string DomainStarted = "domain-started";
    public const string DomainProgress = "domain-progress";
    public const string DomainFinished = "domain-finished";
    public const string CancelRequested = "cancel-requested";
    public const string Finished = "job-finished";
}

/// <summary>Appends a job's events inside the caller's transaction and wakes the event streams (the sweeps' signal).</summary>
public sealed class PreparationEventLog(
    CorpusPreparationStore store, SqliteConnectionFactory connections, SweepEventSignal signal, IOptions<JsonOptions> json)
{
    public void Append(long jobId, string type, object data) => Append(store, jobId, type, data);

    /// <summary>Appends and commits on a short session of its own: for callers on another thread than the request's session.</summary>
    public void AppendNow(long jobId, string type, object data)
    {
        using var session = new DbSession(connections);
        using var write = session.BeginWrite();
        Append(new CorpusPreparationStore(session), jobId, type, data);
        write.Commit();
    }

    private void Append(CorpusPreparationStore into, long jobId, string type, object data)
    {
        into.AppendEvent(jobId, type, JsonSerializer.Serialize(data, json.Value.SerializerOptions));
        signal.Pulse();
    }
}
