namespace ScalingApi.Slurm;

/// <summary>A Slurm command could not be run, timed out, or exited non-zero.</summary>
public sealed class SlurmCommandException : Exception
{
    public SlurmCommandException(string command, int? exitCode, string standardError, string message, Exception? inner = null)
        : base(message, inner)
    {
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The command line as run, for logs and API errors (arguments shown, never a shell string that was executed).</summary>
    public string Command { get; }

    /// <summary>Null when the process never started or was killed for taking too long.</summary>
    public int? ExitCode { get; }

    public string StandardError { get; }

    public bool TimedOut => ExitCode is null && InnerException is TimeoutException;
}
