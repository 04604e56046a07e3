using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps.Executors.Slurm;

/// <summary>
/// Polls the job arrays of Slurm sweeps every Sweeps:Slurm:PollSeconds (see <see cref="SlurmSweepSync"/>).
/// It keeps no state a restart could lose: on start it watches every unfinished Slurm sweep again, and a
/// finished sweep is watched until Slurm reports its last task ended, so the shown states end final too.
/// </summary>
public sealed class SlurmMonitor(IServiceScopeFactory scopes, IOptions<SlurmExecutorOptions> options, ILogger<SlurmMonitor> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<long, byte> _watched = new();
    private readonly SemaphoreSlim _wake = new(0);

    public void Watch(long sweepId)
    {
        _watched[sweepId] = 0;
        _wake.Release();
    }

    /// <summary>One pass over every watched sweep (the loop's body; tests call it to avoid waiting for the timer).</summary>
    public async Task PollOnceAsync(CancellationToken ct)
    {
        foreach (var sweepId in _watched.Keys.Order())
        {
            try
            {
                using var scope = scopes.CreateScope();
                if (!await scope.ServiceProvider.GetRequiredService<SlurmSweepSync>().SyncAsync(sweepId, ct))
                    _watched.TryRemove(sweepId, out _);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Slurm monitor pass over sweep {SweepId} failed; retrying next poll", sweepId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using (var scope = scopes.CreateScope())
        {
            foreach (var sweep in scope.ServiceProvider.GetRequiredService<SweepStore>().Unfinished(SlurmExecutor.ExecutorName))
                _watched[sweep.Id] = 0;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await PollOnceAsync(stoppingToken); }
            catch (OperationCanceledException) { return; }
            try { await _wake.WaitAsync(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
