using Microsoft.Extensions.Options;
using ScalingApi.Host.Hosting;

namespace ScalingApi.Host.Sweeps;

/// <summary>
/// Returns runs whose lease lapsed (worker crashed, machine lost, service restarted while they
/// trained) to pending, or fails them after Sweeps:MaxAttempts. Leases live in the database, so
/// after a restart the first sweep picks up everything that lapsed while the service was down.
/// </summary>
public sealed class LeaseReaper(IServiceScopeFactory scopes, IOptions<SweepOptions> options, ILogger<LeaseReaper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.ReaperIntervalSeconds));
        return PollingLoop.RunAsync(interval, _ => { ReapOnce(); return Task.CompletedTask; },
            e => logger.LogError(e, "Lease reaper pass failed; retrying in {Interval}", interval), stoppingToken);
    }

    public int ReapOnce()
    {
        using var scope = scopes.CreateScope();
        var reaped = scope.ServiceProvider.GetRequiredService<LeaseService>().ReapExpired();
        if (reaped > 0) logger.LogInformation("Reaped {Count} lapsed lease(s)", reaped);
        return reaped;
    }
}
