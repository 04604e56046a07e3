using System.Globalization;

namespace ScalingApi.Benchmarks;

/// <summary>
/// The process's minor page faults so far (all threads, from /proc/self/stat), the peer's ru_minflt. A load-independent
/// view of the allocator cost the training benchmark found: pages handed back to the OS and faulted in again every step.
/// </summary>
internal static class PageFaults
{
    public static long Minor()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // fields after the command name (which may contain spaces) start with field 3, "state"; minflt is field 10
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[10 - 3], CultureInfo.InvariantCulture);
    }
}
