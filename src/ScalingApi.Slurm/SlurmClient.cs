using System.Text.RegularExpressions;

namespace ScalingApi.Slurm;

/// <summary>
/// Talks to Slurm through its client commands (sbatch, squeue, sacct, scontrol, scancel).
/// Every call runs a process with an argument list and a timeout; failures surface as
/// <see cref="SlurmCommandException"/>.
/// </summary>
public sealed partial class SlurmClient(SlurmOptions options)
{
    private readonly SlurmCommandRunner _runner = new(options.CommandTimeout, options.CommandDirectory);
    private bool? _accountingAvailable;

    /// <summary>
    /// Submits a batch script through sbatch's stdin and returns the job id. <paramref name="environment"/>
    /// is added to sbatch's own environment, which the job inherits (the script uses --export=ALL):
    /// the way to hand secrets such as the API key to tasks without writing them into the script
    /// or onto a command line.
    /// </summary>
    public async Task<string> SubmitAsync(string script, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var result = await _runner.RunCheckedAsync("sbatch", ["--parsable"], script, environment, cancellationToken);
        // --parsable prints "jobid" or "jobid;cluster"
        var jobId = result.StandardOutput.Trim().Split(';')[0];
        if (!JobIdPattern().IsMatch(jobId))
            throw new SlurmCommandException("sbatch --parsable", result.ExitCode, result.StandardError,
                $"sbatch printed '{result.StandardOutput.Trim()}' instead of a job id.");
        return jobId;
    }

    /// <summary>
    /// The states Slurm knows for every task of a job: from the controller (scontrol) while it holds
    /// the job, which includes exit codes; from accounting (sacct) after the controller has purged it
    /// (MinJobAge), when the cluster has accounting. Empty when neither knows the job.
    /// </summary>
    public async Task<IReadOnlyList<SlurmTaskState>> GetTaskStatesAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var live = await ShowJobAsync(jobId, cancellationToken);
        if (live.Count > 0) return live;
        return await QueryAccountingAsync(jobId, cancellationToken) ?? [];
    }

    /// <summary>squeue's view (state and reason, no exit codes), one entry per array task; empty when the job is unknown.</summary>
    public async Task<IReadOnlyList<SlurmTaskState>> QueryQueueAsync(string jobId, CancellationToken cancellationToken = default)
    {
        RequireJobId(jobId);
        var output = await RunQueryAsync("squeue",
            ["--array", "--noheader", "--states=all", $"--jobs={jobId}", $"--format={SqueueOutput.Format}"],
            cancellationToken);
        return output is null ? [] : SqueueOutput.Parse(output);
    }

    /// <summary>scontrol's view, including exit codes of finished tasks; empty when the controller does not know the job.</summary>
    public async Task<IReadOnlyList<SlurmTaskState>> ShowJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        RequireJobId(jobId);
        var output = await RunQueryAsync("scontrol", ["show", "job", "--oneliner", jobId], cancellationToken);
        return output is null ? [] : ScontrolJobOutput.Parse(output);
    }

    /// <summary>
    /// sacct's view, which outlives the controller's memory; null when the cluster has no accounting
    /// storage (no slurmdbd), which is remembered so later calls do not ask again.
    /// </summary>
    public async Task<IReadOnlyList<SlurmTaskState>?> QueryAccountingAsync(string jobId, CancellationToken cancellationToken = default)
    {
        RequireJobId(jobId);
        if (_accountingAvailable == false) return null;
        var result = await _runner.RunAsync("sacct",
            ["--parsable2", "--noheader", "--allocations", $"--jobs={jobId}", $"--format={SacctOutput.Format}"],
            cancellationToken: cancellationToken);
        if (result.ExitCode != 0 && result.StandardError.Contains("accounting storage is disabled", StringComparison.OrdinalIgnoreCase))
        {
            _accountingAvailable = false;
            return null;
        }
        ThrowIfFailed("sacct", result);
        _accountingAvailable = true;
        return SacctOutput.Parse(result.StandardOutput);
    }

    /// <summary>Cancels a whole job, or only one of its array tasks when <paramref name="taskIndex"/> is given.</summary>
    public async Task CancelAsync(string jobId, int? taskIndex = null, CancellationToken cancellationToken = default)
    {
        RequireJobId(jobId);
        if (taskIndex is < 0) throw new ArgumentOutOfRangeException(nameof(taskIndex), "Array task indices are non-negative.");
        var target = taskIndex is { } index ? $"{jobId}_{index}" : jobId;
        await _runner.RunCheckedAsync("scancel", [target], cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Puts a finished (or running) array task back into the queue with <c>scontrol requeue</c>; it keeps its
    /// job id and task index, so its worker claims the same run again and resumes from the checkpoint.
    /// </summary>
    public async Task RequeueAsync(string jobId, int taskIndex, CancellationToken cancellationToken = default)
    {
        RequireJobId(jobId);
        if (taskIndex < 0) throw new ArgumentOutOfRangeException(nameof(taskIndex), "Array task indices are non-negative.");
        await _runner.RunCheckedAsync("scontrol", ["requeue", $"{jobId}_{taskIndex}"], cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Lets a requeued task start in a couple of seconds: Slurm holds requeued jobs back (BeginTime, about two
    /// minutes) and only operators or the job's owner may lift that. Not immediately: slurmd refuses a
    /// credential issued in the same second the task's previous run was killed ("Job credential revoked").
    /// False when Slurm refused; the task then starts after the delay.
    /// </summary>
    public async Task<bool> TryStartSoonAsync(string jobId, int taskIndex, CancellationToken cancellationToken = default)
    {
        RequireJobId(jobId);
        if (taskIndex < 0) throw new ArgumentOutOfRangeException(nameof(taskIndex), "Array task indices are non-negative.");
        var result = await _runner.RunAsync("scontrol", ["update", $"JobId={jobId}_{taskIndex}", "StartTime=now+2"],
            cancellationToken: cancellationToken);
        return result.ExitCode == 0;
    }

    /// <summary>Runs a read-only query; null when Slurm says the job id is unknown (purged or never existed).</summary>
    private async Task<string?> RunQueryAsync(string command, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(command, arguments, cancellationToken: cancellationToken);
        if (result.ExitCode != 0 && result.StandardError.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            return null;
        ThrowIfFailed(command, result);
        return result.StandardOutput;
    }

    private static void ThrowIfFailed(string command, SlurmCommandResult result)
    {
        if (result.ExitCode == 0) return;
        var error = result.StandardError.Trim();
        throw new SlurmCommandException(command, result.ExitCode, error, $"'{command}' failed with exit code {result.ExitCode}: {error}");
    }

    private static void RequireJobId(string jobId)
    {
        // job ids end up as arguments; refusing anything else keeps "-u someone" from becoming an option
        if (!JobIdPattern().IsMatch(jobId))
            throw new ArgumentException($"'{jobId}' is not a Slurm job id.", nameof(jobId));
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex JobIdPattern();
}
