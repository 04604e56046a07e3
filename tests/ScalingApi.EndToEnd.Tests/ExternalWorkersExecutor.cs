using ScalingApi.Host.Sweeps.Executors;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// An executor that starts nothing: the test itself launches worker processes, the way Slurm array tasks
/// would (bare invocation with a task index), so lease expiry — not the local executor noticing a dead
/// child — is what brings a killed worker's run back.
/// </summary>
public sealed class ExternalWorkersExecutor : ISweepExecutor
{
    public const string ExecutorName = "external";

    public string Name => ExecutorName;
    public Task SubmitAsync(SweepSubmission sweep, CancellationToken ct) => Task.CompletedTask;
    public Task CancelAsync(long sweepId, CancellationToken ct) => Task.CompletedTask;
}
