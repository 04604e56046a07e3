using System.Threading.Channels;

namespace ScalingApi.Host.Hosting;

/// <summary>A kind of background job run one at a time by <see cref="QueuedJobWorker{TRunner}"/> (resolved per job in its own scope).</summary>
public interface IQueuedJobRunner
{
    /// <summary>Jobs a previous process left queued or running (it stopped or crashed): queued again at start-up.</summary>
    IReadOnlyList<long> UnfinishedJobIds();

    /// <summary>Runs the job to its end and records the outcome.</summary>
    /// <exception cref="OperationCanceledException">Shutdown: the job stays unfinished and is queued again at the next start.</exception>
    void Run(long jobId, CancellationToken cancellationToken);
}

/// <summary>Job ids waiting for the worker of <typeparamref name="TRunner"/>. The database is the truth; this only wakes the worker.</summary>
public sealed class JobQueue<TRunner> where TRunner : IQueuedJobRunner
{
    private readonly Channel<long> _jobs = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(long jobId) => _jobs.Writer.TryWrite(jobId);

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>
/// Runs the queued jobs of one kind one at a time off the request path. At start-up it queues again every job a
/// previous process left unfinished, which is what makes a crash or restart recoverable.
/// </summary>
public sealed class QueuedJobWorker<TRunner>(IServiceScopeFactory scopes, JobQueue<TRunner> queue, ILogger<QueuedJobWorker<TRunner>> logger)
    : BackgroundService where TRunner : IQueuedJobRunner
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
                    scope.ServiceProvider.GetRequiredService<TRunner>().Run(jobId, stoppingToken);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // runners record job failures themselves; this is e.g. the database being unavailable
                logger.LogError(e, "{Runner} job {JobId} could not be run", typeof(TRunner).Name, jobId);
            }
        }
    }

    private void RequeueUnfinished()
    {
        using var scope = scopes.CreateScope();
        var unfinished = scope.ServiceProvider.GetRequiredService<TRunner>().UnfinishedJobIds();
        foreach (var jobId in unfinished) queue.Enqueue(jobId);
        if (unfinished.Count > 0) logger.LogInformation("{Runner}: re-queued unfinished jobs {Jobs}", typeof(TRunner).Name, string.Join(", ", unfinished));
    }
}
