using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Benchmarks;

/// <summary>The SciPy peer's answer for one data set (see peers/bimix_scipy.py).</summary>
internal sealed record SciPyResult(double MedianSeconds, double HoldoutMean, double HoldoutWorst, double HoldoutBest,
    Dictionary<string, double[]> Params, string Versions);

/// <summary>Writes the data as CSV and runs the SciPy script on it with Debian's Python.</summary>
internal static class SciPyBiMixPeer
{
    public static string WriteCsv(BiMixData data)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bimix-bench-{data.Domains.Count}-{Environment.ProcessId}.csv");
        var csv = new StringBuilder("run,domain,proportion,step,loss\n");
        foreach (var o in data.Observations)
            csv.Append(CultureInfo.InvariantCulture,
                $"{data.Runs[o.Run].Name},{data.Domains[o.Domain]},{data.Runs[o.Run].Proportions[o.Domain]:R},{o.Step:R},{o.Loss:R}\n");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    public static async Task<SciPyResult> RunAsync(string repositoryRoot, string csvPath, int repetitions)
    {
        var script = Path.Combine(repositoryRoot, "tests", "benchmarks", "peers", "bimix_scipy.py");
        var start = new ProcessStartInfo(BenchmarkEnvironment.PeerPython, [script, csvPath, repetitions.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // One BLAS thread: the fits are tiny, and the machine is shared.
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"bimix_scipy.py failed ({process.ExitCode}): {await stderr}");

        using var json = JsonDocument.Parse(await stdout);
        var root = json.RootElement;
        var holdout = root.GetProperty("holdout");
        var versions = root.GetProperty("versions");
        return new SciPyResult(
            root.GetProperty("medianSeconds").GetDouble(),
            holdout.GetProperty("mean").GetDouble(), holdout.GetProperty("worst").GetDouble(), holdout.GetProperty("best").GetDouble(),
            root.GetProperty("params").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray()),
            $"Python {versions.GetProperty("python").GetString()}, NumPy {versions.GetProperty("numpy").GetString()}, SciPy {versions.GetProperty("scipy").GetString()}");
    }
}
