using System.Runtime.InteropServices;

namespace ScalingApi.Benchmarks;

/// <summary>Where results are written and what they ran on (the machine description every result file carries).</summary>
internal static class BenchmarkEnvironment
{
    public const string PeerPython = "/usr/bin/python3";

    /// <summary>The repository root: the first directory upwards holding ScalingApi.sln.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ScalingApi.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository: ScalingApi.sln not found upwards.");
    }

    public static string MachineMarkdown(string? concurrentWorkNote) => string.Join("\n",
    [
        $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
        $"- nproc: {Environment.ProcessorCount}",
        $"- CPU: {FirstValue("/proc/cpuinfo", "model name") ?? "unknown"}",
        $"- Memory: {MemoryGiB()}",
        $"- OS: {OsName()}",
        $"- Runtime: {RuntimeInformation.FrameworkDescription}, Release build",
        $"- Load average at start (1/5/15 min): {ReadOr("/proc/loadavg", "unknown").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}")}",
        $"- Other work running: {concurrentWorkNote ?? "not stated"}",
    ]);

    private static string? FirstValue(string path, string key) =>
        ReadOr(path, "").Split('\n').FirstOrDefault(l => l.StartsWith(key))?.Split(':', 2)[1].Trim();

    private static string MemoryGiB()
    {
        var kb = FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0];
        return kb is null ? "unknown" : $"{double.Parse(kb) / 1024 / 1024:F1} GiB";
    }

    private static string OsName() =>
        ReadOr("/etc/os-release", "").Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME="))?.Split('=', 2)[1].Trim('"')
        ?? RuntimeInformation.OSDescription;

    private static string ReadOr(string path, string fallback) => File.Exists(path) ? File.ReadAllText(path) : fallback;
}
