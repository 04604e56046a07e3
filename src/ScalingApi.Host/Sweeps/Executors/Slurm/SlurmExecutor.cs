using Microsoft.Extensions.Options;
using ScalingApi.Host.Sweeps.Executors.Local;
using ScalingApi.Slurm;
using ScalingApi.Storage;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Sweeps.Executors.Slurm;

/// <summary>
/// Runs a sweep as one Slurm job array: task <c>i</c> runs the worker CLI for the sweep's run <c>i</c>. The
/// batch script is stored with the sweep before sbatch sees it (so a rejected script can be read through the
/// API); the API key reaches the tasks through sbatch's environment, never through the script.
/// A submission that fails (bad configuration, sbatch refused, Slurm unreachable) fails the sweep and its
/// runs with the reason as their last error; the POST still answers 202 because the sweep was created.
/// </summary>
public sealed class SlurmExecutor(
    IServiceScopeFactory scopes, SlurmClient slurm, IOptions<SlurmOptions> slurmOptions, WorkerLaunch launch, SlurmMonitor monitor,
    ILogger<SlurmExecutor> logger) : ISweepExecutor
{
    public const string ExecutorName = "slurm";

    public string Name => ExecutorName;

    public async Task SubmitAsync(SweepSubmission sweep, CancellationToken ct)
    {
        string script;
        try
        {
            var request = new SweepBatchRequest(sweep.SweepId.ToString(), sweep.TaskCount, new Uri(launch.ApiUrl() + "/"));
            script = BatchScriptBuilder.Build(request, slurmOptions.Value);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or UriFormatException)
        {
            FailSubmission(sweep.SweepId, null, $"the Slurm executor is misconfigured: {e.Message}");
            return;
        }

        Record(sweep.SweepId, script, null);
        PrepareWorkingDirectory();
        string jobId;
        try
        {
            // Not the request's token: once sbatch accepted the job, its id must be stored even if the client hung up.
            jobId = await slurm.SubmitAsync(script, new Dictionary<string, string> { [WorkerLaunch.ApiKeyVariable] = launch.ApiKey() },
                CancellationToken.None);
        }
        catch (SlurmCommandException e)
        {
            FailSubmission(sweep.SweepId, script, $"sbatch failed: {e.Message}");
            return;
        }
        Record(sweep.SweepId, script, jobId);
        logger.LogInformation("Sweep {SweepId} submitted as Slurm job array {JobId} ({Tasks} tasks)", sweep.SweepId, jobId, sweep.TaskCount);
        monitor.Watch(sweep.SweepId);
    }

    public async Task CancelAsync(long sweepId, CancellationToken ct)
    {
        string? jobId;
        using (var scope = scopes.CreateScope())
            jobId = scope.ServiceProvider.GetRequiredService<SweepStore>().Find(sweepId)?.ExternalJobId;
        if (jobId is null) return; // never reached Slurm
        try
        {
            await slurm.CancelAsync(jobId, cancellationToken: CancellationToken.None);
            logger.LogInformation("Cancelled Slurm job array {JobId} of sweep {SweepId}", jobId, sweepId);
        }
        catch (SlurmCommandException e)
        {
            // The runs are cancelled already, so workers stop at their next heartbeat; say why Slurm may still show the tasks.
            AppendEvent(sweepId, SweepEventTypes.ExecutorError, new { executor = ExecutorName, jobId, error = $"scancel failed: {e.Message}" });
            throw;
        }
    }

    private void Record(long sweepId, string script, string? jobId)
    {
        using var scope = scopes.CreateScope();
        var provider = scope.ServiceProvider;
        using var write = provider.GetRequiredService<DbSession>().BeginWrite();
        provider.GetRequiredService<SweepStore>().SetExternalJob(sweepId, script, jobId);
        if (jobId is not null)
            provider.GetRequiredService<SweepEventLog>().Append(sweepId, SweepEventTypes.Submitted, new { executor = ExecutorName, jobId });
        write.Commit();
    }

    /// <summary>Fails every unfinished run with the reason, which finishes the sweep as failed (all in one transaction).</summary>
    private void FailSubmission(long sweepId, string? script, string error)
    {
        logger.LogError("Sweep {SweepId} could not be submitted to Slurm: {Error}", sweepId, error);
        using var scope = scopes.CreateScope();
        var provider = scope.ServiceProvider;
        var sweeps = provider.GetRequiredService<SweepStore>();
        var leases = provider.GetRequiredService<LeaseStore>();
        var events = provider.GetRequiredService<SweepEventLog>();
        using var write = provider.GetRequiredService<DbSession>().BeginWrite();
        sweeps.SetExternalJob(sweepId, script, null);
        events.Append(sweepId, SweepEventTypes.ExecutorError, new { executor = ExecutorName, error });
        foreach (var run in sweeps.Runs(sweepId).Where(r => !SweepStatus.IsFinal(r.Status)))
        {
            leases.EndAttempt(run.Id, SweepStatus.Failed, error, keepLease: false);
            events.Append(sweepId, SweepEventTypes.RunFailed, new { run.RunId, run.RunName, run.TaskIndex, attempt = run.Attempts, error });
        }
        provider.GetRequiredService<LeaseService>().RefreshStatus(sweeps.Find(sweepId)!);
        write.Commit();
    }

    private void AppendEvent(long sweepId, string type, object data)
    {
        using var scope = scopes.CreateScope();
        using var write = scope.ServiceProvider.GetRequiredService<DbSession>().BeginWrite();
        scope.ServiceProvider.GetRequiredService<SweepEventLog>().Append(sweepId, type, data);
        write.Commit();
    }

    /// <summary>sbatch does not create the output directory; a task whose output file cannot be opened fails at once.</summary>
    private void PrepareWorkingDirectory()
    {
        try { Directory.CreateDirectory(slurmOptions.Value.WorkingDirectory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not necessarily visible from this node; the compute nodes may still see it.
            logger.LogWarning("Could not create Slurm:WorkingDirectory {Directory} here: {Error}", slurmOptions.Value.WorkingDirectory, e.Message);
        }
    }
}
