using Microsoft.Extensions.Options;
using ScalingApi.Host.Hosting;
using ScalingApi.Storage.MixtureMethods;

namespace ScalingApi.Host.MixtureMethods;

/// <summary>
/// Moves running mixture-method jobs to their next stage when the current stage's sweep finishes. It keeps no
/// state of its own (the jobs and their sweeps are in the database), so after a restart it carries on where it was.
/// </summary>
public sealed class MixtureMethodCoordinator(IServiceScopeFactory scopes, IOptions<MixtureMethodOptions> options, ILogger<MixtureMethodCoordinator> logger)
    : BackgroundService
{
    // one pass at a time: two passes seeing the same finished stage would both launch the next one
    private readonly SemaphoreSlim _pass = new(1, 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.PollSeconds));
        return PollingLoop.RunAsync(interval, AdvanceAllAsync,
            e => logger.LogError(e, "Mixture-method pass failed; retrying in {Interval}", interval), stoppingToken);
    }

    public async Task AdvanceAllAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try { await AdvanceRunningJobsAsync(ct); }
        finally { _pass.Release(); }
    }

    private async Task AdvanceRunningJobsAsync(CancellationToken ct)
    {
        IReadOnlyList<long> running;
        using (var scope = scopes.CreateScope()) running = scope.ServiceProvider.GetRequiredService<MixtureMethodStore>().Running().Select(j => j.Id).ToList();
        foreach (var jobId in running)
        {
            // one scope per job: a failure in one job's stage leaves the others' sessions clean
            using var scope = scopes.CreateScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<MixtureMethodJobs>().AdvanceAsync(jobId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not advance mixture-method job {JobId}", jobId);
            }
        }
    }
}
