using System.Diagnostics;
using System.Globalization;

namespace ScalingApi.Benchmarks;

/// <summary>The process's peak resident set (VmHWM), resettable through /proc/self/clear_refs so one benchmark
/// phase can be measured after another.</summary>
internal static class PeakMemory
{
    public static bool Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public static long Read()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? Process.GetCurrentProcess().PeakWorkingSet64
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
