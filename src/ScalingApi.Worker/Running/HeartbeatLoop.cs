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
    private readonly WorkerApiClient _api;
    private readonly Guid _leaseId;
    private readonly TimeSpan _interval;
    private readonly Func<Heartbeat> _snapshot;
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly CancellationTokenSource _loopStopped = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _giveUpAt;
    private bool _answered;
    private Task? _loop;

    /// <param name="expiresAt">The lease's expiry as granted; null never gives up on an unreachable service.</param>
    public HeartbeatLoop(WorkerApiClient api, Guid leaseId, TimeSpan interval, Func<Heartbeat> snapshot, DateTimeOffset? expiresAt = null)
    {
        this._api = api;
        this._leaseId = leaseId;
        this._interval = interval;
        this._snapshot = snapshot;
        if (expiresAt is { } expiry) Renewed(expiry);
    }

    public static TimeSpan IntervalFor(int heartbeatSeconds) =>
        TimeSpan.FromSeconds(Math.Max(0.5, heartbeatSeconds / 3.0));

    public CancellationToken StopRequested => _stopRequested.Token;
    public string? StopReason { get; private set; }

    /// <summary>True when the stop came from a lease that could not be renewed before its expiry.</summary>
    public bool LeaseLost { get; private set; }
    public int BeatsSent { get; private set; }

    /// <summary>Wall-clock spent in heartbeat requests (they run beside training, on the thread pool).</summary>
    public TimeSpan TimeBeating { get; private set; }

    public void Start() => _loop ??= Task.Run(RunAsync);

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                if (await BeatAsync()) return;
            } while (await timer.WaitForNextTickAsync(_loopStopped.Token));
        }
        catch (OperationCanceledException) when (_loopStopped.IsCancellationRequested) { }
    }

    /// <summary>One heartbeat; true when the service wants the worker to stop.</summary>
    private async Task<bool> BeatAsync()
    {
        var started = Stopwatch.GetTimestamp();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_loopStopped.Token);
        // A request hanging on an unreachable host must not outlast the lease. The first one may: the lease was
        // just granted, and only an answer tells how long it runs from now (clocks aside).
        if (_answered && TimeLeft() is { } left) attempt.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (left + _interval).Ticks)));
        try
        {
            var answer = await _api.HeartbeatAsync(_leaseId, _snapshot(), attempt.Token);
            TimeBeating += Stopwatch.GetElapsedTime(started);
            BeatsSent++;
            _answered = true;
            Renewed(answer.ExpiresAt);
            if (answer.Continue) return false;
            return RequestStop(answer.Reason ?? "the service asked the worker to stop");
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.Gone)
        {
            return RequestStop($"the lease is no longer valid: {e.Message}");
        }
        catch (Exception e) when (!_loopStopped.IsCancellationRequested)
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
        var remaining = TimeSpan.FromTicks(Math.Max((expiresAt - DateTimeOffset.UtcNow).Ticks, 3 * _interval.Ticks));
        _giveUpAt = _clock.Elapsed + remaining - _interval;
    }

    /// <summary>Time until the worker must give up its lease (one interval before the expiry); null when unbounded.</summary>
    private TimeSpan? TimeLeft() => _giveUpAt - _clock.Elapsed;

    private bool LoseLease()
    {
        LeaseLost = true;
        return RequestStop("the lease could not be renewed before its expiry (the service is gone or unreachable)");
    }

    private bool RequestStop(string reason)
    {
        StopReason = reason;
        _stopRequested.Cancel();
        return true;
    }

    /// <summary>Stops beating and waits for an in-flight beat; safe to call more than once.</summary>
    public async Task StopAsync()
    {
        _loopStopped.Cancel();
        if (_loop is not null)
        {
            try { await _loop; } catch (OperationCanceledException) { }
        }
    }

    // The token sources are not disposed: callers may still look at StopRequested after stopping,
    // and sources without timers hold nothing that needs releasing.
    public async ValueTask DisposeAsync() => await StopAsync();
}
