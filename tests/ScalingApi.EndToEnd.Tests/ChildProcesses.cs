using System.Diagnostics;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>Finds the worker processes the local executor started, by a marker in their command line (Linux /proc).</summary>
public static class ChildProcesses
{
    public static IReadOnlyList<int> WithArgument(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.Contains(marker, StringComparison.Ordinal))
                    && arguments.Any(a => a.EndsWith("scalingapi-worker.dll", StringComparison.Ordinal) || a.EndsWith("scalingapi-worker", StringComparison.Ordinal)))
                    found.Add(pid);
            }
            catch (IOException) { } // the process ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    public static void KillHard(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL: no chance to checkpoint or report
        process.WaitForExit(10_000);
    }
}
