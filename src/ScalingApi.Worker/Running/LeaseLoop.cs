using ScalingApi.Contracts.Workers;
using ScalingApi.Worker.Api;

namespace ScalingApi.Worker.Running;

/// <summary>
/// Claims runs of the sweep one after another until the service has nothing left (204), --max-runs is
/// reached or a stop signal arrives. Exit code: 0 when every run completed or was stopped by the service,
/// 1 when any run failed, 128+signal when interrupted, <see cref="LeaseLostExitCode"/> when the service could
/// not be reached to renew the lease (in both cases the run resumes when it is leased again).
/// </summary>
public sealed class LeaseLoop(WorkerApiClient api, WorkerSettings settings, StopSignals signals, TransientRetry retry)
{
    /// <summary>EX_TEMPFAIL: the service went away; nothing is wrong with the run.</summary>
    public const int LeaseLostExitCode = 75;

    public async Task<int> RunAsync()
    {
        var runner = new LeaseRunner(api, settings, signals, retry);
        var anyFailed = false;
        for (var runs = 0; settings.MaxRuns is not { } max || runs < max; runs++)
        {
            Lease? lease;
            try
            {
                lease = await retry.RunAsync(
                    ct => api.ClaimAsync(settings.SweepId, new LeaseRequest(settings.WorkerId, settings.TaskIndex), ct), signals.Stopping);
            }
            catch (OperationCanceledException) when (signals.Stopping.IsCancellationRequested)
            {
                return signals.ExitCode;
            }
            if (lease is null)
            {
                Console.WriteLine($"worker {settings.WorkerId}: sweep {settings.SweepId} has nothing (left) to train");
                break;
            }
            var outcome = lease.Mode is { Kind: LeaseRunMode.Embed }
                ? await new EmbeddingLeaseRunner(api, settings, signals, retry, runner).RunAsync(lease)
                : await runner.RunAsync(lease);
            if (outcome == LeaseOutcome.Interrupted) return signals.ExitCode;
            if (outcome == LeaseOutcome.LeaseLost) return LeaseLostExitCode;
            anyFailed |= outcome == LeaseOutcome.Failed;
            if (signals.Stopping.IsCancellationRequested) return signals.ExitCode;
        }
        return anyFailed ? 1 : 0;
    }
}
