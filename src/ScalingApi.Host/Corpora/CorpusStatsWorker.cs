using ScalingApi.Storage;

namespace ScalingApi.Host.Corpora;

/// <summary>
/// Runs statistics jobs one at a time off the request path. At start-up it queues again every job a previous
/// process left queued or running, which is what makes a crash or restart recoverable.
/// </summary>
public sealed class CorpusStatsWorker(IServiceScopeFactory scopes, CorpusStatsQueue queue, ILogger<CorpusStatsWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host finish starting
        RequeueUnfinished();
        await foreach (var jobId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await Task.Run(() =>
                {
                    using var scope = scopes.CreateScope();
                    scope.ServiceProvider.GetRequiredService<CorpusStatsRunner>().Run(jobId, stoppingToken);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // the runner records job failures itself; this is e.g. the database being unavailable
                logger.LogError(e, "Corpus statistics job {JobId} could not be run", jobId);
            }
        }
    }

    private void RequeueUnfinished()
    {
        using var scope = scopes.CreateScope();
        var unfinished = scope.ServiceProvider.GetRequiredService<CorpusStatsStore>().UnfinishedJobIds();
        foreach (var jobId in unfinished) queue.Enqueue(jobId);
        if (unfinished.Count > 0) logger.LogInformation("Re-queued unfinished corpus statistics jobs: {Jobs}", string.Join(", ", unfinished));
    }
}
