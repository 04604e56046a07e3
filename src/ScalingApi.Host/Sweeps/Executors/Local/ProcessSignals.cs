using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>
/// Signals to processes this service did not start (Process.Kill only sends SIGKILL). SIGTERM lets a worker
/// save a checkpoint at the step it reached before it exits.
/// </summary>
public static class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to stop (SIGTERM); where there are no signals, kills it.</summary>
    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows()) Kill(pid);
        else _ = SendSignal(pid, SigTerm); // a process that is already gone needs nothing
    }

    /// <summary>Kills the process and everything it started (SIGKILL); nothing happens when it is already gone.</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException) { } // no such process
        catch (InvalidOperationException) { } // exited meanwhile
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
