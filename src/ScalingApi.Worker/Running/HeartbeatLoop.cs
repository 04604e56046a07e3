using System.Diagnostics;
using System.Net;
using ScalingApi.Contracts.Workers;
using ScalingApi.Worker.Api;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Sends the tracker's progress every interval (a third of the lease's heartbeat period, so two may be lost
/// before the lease expires). When the service answers Continue=false, or says the lease no longer exists
/// (404/409/410), <see cref="StopRequested"/> is cancelled and <see cref="StopReason"/> says why. Other
/// failures are logged and the next beat tries again — until the lease would lapse unrenewed: then the service
/// is gone (crashed, unreachable) and may hand the run to another worker, so <see cref="LeaseLost"/> is set and
/// the worker is told to stop one interval before the expiry rather than train on unmanaged.
/// </summary>
public sealed class HeartbeatLoop : IAsyncDisposable
{
    private readonly WorkerApiClient api;
    private readonly Guid leaseId;
    private readonly TimeSpan interval;
    private readonly Func<Heartbeat> snapshot;
    private readonly CancellationTokenSource stopRequested = new();
    private readonly CancellationTokenSource loopStopped = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan? giveUpAt;
    private bool answered;
    private Task? loop;

    /// <param name="expiresAt">The lease's expiry as granted; null never gives up on an unreachable service.</param>
    public HeartbeatLoop(WorkerApiClient api, Guid leaseId, TimeSpan interval, Func<Heartbeat> snapshot, DateTimeOffset? expiresAt = null)
    {
        this.api = api;
        this.leaseId = leaseId;
        this.interval = interval;
        this.snapshot = snapshot;
        if (expiresAt is { } expiry) Renewed(expiry);
    }

    public static TimeSpan IntervalFor(int heartbeatSeconds) =>
        TimeSpan.FromSeconds(Math.Max(0.5, heartbeatSeconds / 3.0));

    public CancellationToken StopRequested => stopRequested.Token;
    public string? StopReason { get; private set; }

    /// <summary>True when the stop came from a lease that could not be renewed before its expiry.</summary>
    public bool LeaseLost { get; private set; }
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
        var started = Stopwatch.GetTimestamp();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(loopStopped.Token);
        // A request hanging on an unreachable host must not outlast the lease. The first one may: the lease was
        // just granted, and only an answer tells how long it runs from now (clocks aside).
        if (answered && TimeLeft() is { } left) attempt.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (left + interval).Ticks)));
        try
        {
            var answer = await api.HeartbeatAsync(leaseId, snapshot(), attempt.Token);
            TimeBeating += Stopwatch.GetElapsedTime(started);
            BeatsSent++;
            answered = true;
            Renewed(answer.ExpiresAt);
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
            return TimeLeft() <= TimeSpan.Zero && LoseLease();
        }
    }

    /// <summary>
    /// Moves the service's expiry onto this machine's monotonic clock. Clocks that disagree by more than the
    /// lease would make a fresh lease look lapsed, so at least a full heartbeat period (three intervals, always
    /// shorter than the lease) is assumed.
    /// </summary>
    private void Renewed(DateTimeOffset expiresAt)
    {
        var remaining = TimeSpan.FromTicks(Math.Max((expiresAt - DateTimeOffset.UtcNow).Ticks, 3 * interval.Ticks));
        giveUpAt = clock.Elapsed + remaining - interval;
    }

    /// <summary>Time until the worker must give up its lease (one interval before the expiry); null when unbounded.</summary>
    private TimeSpan? TimeLeft() => giveUpAt - clock.Elapsed;

    private bool LoseLease()
    {
        LeaseLost = true;
        return RequestStop("the lease could not be renewed before its expiry (the service is gone or unreachable)");
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
