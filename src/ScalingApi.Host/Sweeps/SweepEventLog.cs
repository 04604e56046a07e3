using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps;

/// <summary>The event types of a sweep's stream, spelled once.</summary>
public static class SweepEventTypes
{
    public const string Created = "sweep-created";
    public const string Submitted = "sweep-submitted";
    public const string ExecutorError = "executor-error";
    public const string Cancelled = "sweep-cancelled";
    public const string Finished = "sweep-finished";
    public const string RunLeased = "run-leased";
    public const string RunResumed = "run-resumed";
    public const string RunProgress = "run-progress";
    public const string RunCompleted = "run-completed";
    public const string RunRetry = "run-retry";
    public const string RunLeaseExpired = "run-lease-expired";
    public const string RunFailed = "run-failed";
}

/// <summary>
/// Appends events inside the caller's transaction and wakes the event streams. A stream woken
/// before the commit finds nothing new and re-reads on its next short poll, so no event is missed.
/// </summary>
public sealed class SweepEventLog(SweepStore sweeps, SweepEventSignal signal, IOptions<JsonOptions> json)
{
    public long Append(long sweepId, string type, object data)
    {
        var id = sweeps.AppendEvent(sweepId, type, JsonSerializer.Serialize(data, json.Value.SerializerOptions));
        signal.Pulse();
        return id;
    }
}

/// <summary>Process-wide "something was written" pulse the event streams wait on (with a timeout).</summary>
public sealed class SweepEventSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await Volatile.Read(ref _next).Task.WaitAsync(timeout, ct); }
        catch (TimeoutException) { }
    }
}
