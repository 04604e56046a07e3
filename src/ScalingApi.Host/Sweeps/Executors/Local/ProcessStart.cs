using System.Diagnostics;
using System.Globalization;

namespace ScalingApi.Host.Sweeps.Executors.Local;

/// <summary>
/// Tells whether a pid still names the process it named earlier: the OS reuses pids, but not the pair
/// (pid, start time). A zombie (exited, not yet reaped by its new parent — a container's init may never
/// reap) counts as gone.
/// </summary>
public static class ProcessStart
{
    /// <returns>
    /// When the live process <paramref name="pid"/> started, in the OS's own units (Linux: clock ticks after
    /// boot, field 22 of <c>/proc/&lt;pid&gt;/stat</c>); null when there is no such live process.
    /// </returns>
    public static long? Of(int pid) => OperatingSystem.IsLinux() ? FromProc(pid) : FromProcessApi(pid);

    private static long? FromProc(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // field 2 (the command name) is parenthesised and may hold spaces or parentheses: count from the last ')'
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields[0] is "Z" or "X") return null; // fields[0] is field 3, the state
        return long.Parse(fields[19], CultureInfo.InvariantCulture); // field 22
    }

    private static long? FromProcessApi(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (ArgumentException) { return null; }
        catch (InvalidOperationException) { return null; }
    }
}
