namespace ScalingApi.Host.Hosting;

/// <summary>
/// The loop of a background service that polls the database: a pass now, then one per tick of a
/// <see cref="PeriodicTimer"/> until the service stops. A failed pass is reported and the next tick tries again;
/// a pass that overruns its interval is followed at once by the next one (ticks do not pile up).
/// </summary>
public static class PollingLoop
{
    public static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> pass, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed(e);
            }
        } while (await NextTick(timer, stoppingToken));
    }

    private static async Task<bool> NextTick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }
}
