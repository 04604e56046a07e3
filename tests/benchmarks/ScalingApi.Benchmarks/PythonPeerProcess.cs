using System.Diagnostics;
using System.Text.Json;

namespace ScalingApi.Benchmarks;

/// <summary>Runs a Python peer script with Debian's interpreter and parses the one JSON object it prints.</summary>
internal static class PythonPeerProcess
{
    public static JsonElement Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(BenchmarkEnvironment.PeerPython) { RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python peer failed with exit code {process.ExitCode}");
        return JsonDocument.Parse(json).RootElement;
    }
}
