using System.Diagnostics;
using System.Text.Json;

namespace ScalingApi.Benchmarks;

/// <summary>What one run of the PyTorch training peer reported: throughput, which torch and which attention it used.</summary>
internal sealed record TorchPeerResult(double TokensPerSecond, string Torch, string Attention, IReadOnlyDictionary<string, double> PhaseSeconds, string Stderr, double? MinorFaultsPerStep = null);

/// <summary>
/// Runs tests/benchmarks/peers/train_torch.py under Debian's /usr/bin/python3 for one training case
/// (the same model, batch, warm-up and steps as the TorchSharp side) and reads its JSON line.
/// </summary>
internal static class TorchPeer
{
    public static TorchPeerResult Run(string peer, TrainingCase c, int threads, params string[] extra)
    {
        var m = c.Model;
        var start = new ProcessStartInfo(BenchmarkEnvironment.PeerPython)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { peer, "--vocab", $"{m.VocabSize}", "--layers", $"{m.Layers}", "--heads", $"{m.Heads}",
                     "--d", $"{m.DModel}", "--context", $"{m.Context}", "--batch", $"{c.Batch}", "--steps", $"{c.Steps}",
                     "--warmup", $"{c.Warmup}", "--threads", $"{threads}" }.Concat(extra))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync(); // both pipes drained at once: a full stderr pipe would block the peer
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = stderrTask.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"PyTorch peer failed: {stderr}");
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        var phases = root.TryGetProperty("phases", out var p)
            ? p.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetDouble())
            : new Dictionary<string, double>();
        return new TorchPeerResult(
            root.GetProperty("tokens_per_second").GetDouble(),
            root.GetProperty("torch").GetString() ?? "unknown",
            // a peer from before the attention field only had the masked formulation
            root.TryGetProperty("attention", out var attention) ? attention.GetString() ?? "masked" : "masked",
            phases,
            stderr,
            root.TryGetProperty("minor_faults_per_step", out var faults) ? faults.GetDouble() : null);
    }

    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "benchmarks", "peers", "train_torch.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/benchmarks/peers/train_torch.py not found above " + AppContext.BaseDirectory);
    }
}
