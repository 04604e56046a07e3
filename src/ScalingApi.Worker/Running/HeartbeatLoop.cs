using System.Net;
using ScalingApi.Contracts.Workers;
using ScalingApi.Worker.Api;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Sends the tracker's progress every interval (a third of the lease's heartbeat period, so two may be lost
/// before the lease expires). When the service answers Continue=false, or says the lease no longer exists
/// (404/409/410), <see cref="StopRequested"/> is cancelled and <see cref="StopReason"/> says why. Other
/// failures are logged and the next beat tries again.
/// </summary>
public sealed class HeartbeatLoop : IAsyncDisposable
{
    private readonly WorkerApiClient api;
    private readonly Guid leaseId;
    private readonly TimeSpan interval;
    private readonly Func<Heartbeat> snapshot;
    private readonly CancellationTokenSource stopRequested = new();
    private readonly CancellationTokenSource loopStopped = new();
    private Task? loop;

    public HeartbeatLoop(WorkerApiClient api, Guid leaseId, TimeSpan interval, Func<Heartbeat> snapshot)
    {
        this.api = api;
        this.leaseId = leaseId;
        this.interval = interval;
        this.snapshot = snapshot;
    }

    public static TimeSpan IntervalFor(int heartbeatSeconds) =>
        TimeSpan.FromSeconds(Math.Max(0.5, heartbeatSeconds / 3.0));

    public CancellationToken StopRequested => stopRequested.Token;
    public string? StopReason { get; private set; }
    public int BeatsSent { get; private set; }

    /// <summary>Wall-clock spent in heartbeat requests (they run beside training, on the thread pool).</summary>
    public TimeSpan TimeBeating { get; private set; }

    public void Start() => loop ??= Task.Run(RunAsync);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (await BeatAsync()) return;
            } while (await timer.WaitForNextTickAsync(loopStopped.Token));
        }
        catch (OperationCanceledException) when (loopStopped.IsCancellationRequested) { }
    }

    /// <summary>One heartbeat; true when the service wants the worker to stop.</summary>
    private async Task<bool> BeatAsync()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var answer = await api.HeartbeatAsync(leaseId, snapshot(), loopStopped.Token);
            TimeBeating += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            BeatsSent++;
            if (answer.Continue) return false;
            return RequestStop(answer.Reason ?? "the service asked the worker to stop");
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.Gone)
        {
            return RequestStop($"the lease is no longer valid: {e.Message}");
        }
        catch (Exception e) when (!loopStopped.IsCancellationRequested)
        {
            Console.Error.WriteLine($"worker: heartbeat failed, will retry: {e.Message}");
            return false;
        }
    }

    private bool RequestStop(string reason)
    {
        StopReason = reason;
        stopRequested.Cancel();
        return true;
    }

    /// <summary>Stops beating and waits for an in-flight beat; safe to call more than once.</summary>
    public async Task StopAsync()
    {
        loopStopped.Cancel();
        if (loop is not null)
        {
            try { await loop; } catch (OperationCanceledException) { }
        }
    }

    // The token sources are not disposed: callers may still look at StopRequested after stopping,
    // and sources without timers hold nothing that needs releasing.
    public async ValueTask DisposeAsync() => await StopAsync();
}
