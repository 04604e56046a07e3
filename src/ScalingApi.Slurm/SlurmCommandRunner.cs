using System.ComponentModel;
using System.Diagnostics;

namespace ScalingApi.Slurm;

/// <summary>Output of a finished command.</summary>
public sealed record SlurmCommandResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs one Slurm client binary as a child process with an argument list (never a shell), feeding
/// optional stdin and extra environment variables, and kills it when it outlives the timeout.
/// </summary>
public sealed class SlurmCommandRunner(TimeSpan timeout, string? commandDirectory = null)
{
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Runs the command and returns its output whatever the exit code; throws only when it could not run or timed out.</summary>
    public async Task<SlurmCommandResult> RunAsync(string command, IEnumerable<string> arguments,
        string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var argumentList = arguments.ToList();
        var display = string.Join(' ', [command, .. argumentList]);
        var startInfo = new ProcessStartInfo
        {
            FileName = commandDirectory is null ? command : Path.Combine(commandDirectory, command),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argumentList)
            startInfo.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new SlurmCommandException(display, null, "",
                $"Could not start '{command}': {e.Message}. Is the Slurm client installed and on PATH?", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await WriteInputAsync(process, standardInput, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException e)
        {
            KillQuietly(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SlurmCommandException(display, null, await CollectQuietly(stderr),
                $"'{display}' did not finish within {Timeout.TotalSeconds:0.#} s and was killed.",
                new TimeoutException(e.Message, e));
        }
        return new SlurmCommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Like <see cref="RunAsync"/> but a non-zero exit code also becomes a <see cref="SlurmCommandException"/>.</summary>
    public async Task<SlurmCommandResult> RunCheckedAsync(string command, IEnumerable<string> arguments,
        string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var argumentList = arguments.ToList();
        var result = await RunAsync(command, argumentList, standardInput, environment, cancellationToken);
        if (result.ExitCode != 0)
        {
            var display = string.Join(' ', [command, .. argumentList]);
            throw new SlurmCommandException(display, result.ExitCode, result.StandardError.Trim(),
                $"'{display}' failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }
        return result;
    }

    private static async Task WriteInputAsync(Process process, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the command stopped reading (e.g. sbatch rejected the script); its exit code and
            // stderr say why, so carry on to collect them
        }
    }

    private static void KillQuietly(Process process)
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    private static async Task<string> CollectQuietly(Task<string> stream)
    {
        var finished = await Task.WhenAny(stream, Task.Delay(TimeSpan.FromSeconds(1)));
        return finished == stream ? await stream : "";
    }
}
