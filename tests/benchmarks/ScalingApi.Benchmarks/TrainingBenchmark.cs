using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingApi.Training.Data;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Benchmarks;

/// <summary>
/// Training throughput (tokens/s) of ScalingApi.Training's ProxyTrainer against the identical model, batch and
/// optimizer in PyTorch (tests/benchmarks/peers/train_torch.py under Debian's /usr/bin/python3), same thread
/// count, interleaved in one run. Usage: bench training [--threads 1,2] [--repeats 3] [--out results/training.md] [--peer path/to/train_torch.py] [--note "what else was running"]
/// </summary>
public static class TrainingBenchmark
{
    private sealed record Case(string Preset, GptConfig Model, int Batch, int Warmup, int Steps);

    private static readonly Case[] Cases =
    [
        new("tiny", GptPresets.Tiny, Batch: 16, Warmup: 10, Steps: 60),
        new("small", GptPresets.Small, Batch: 16, Warmup: 4, Steps: 16),
    ];

    private static readonly double[] Mixture = [0.5, 0.3, 0.2];

    public static int Run(string[] args)
    {
        var threadCounts = BenchmarkArgs.Value(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        var repeats = int.Parse(BenchmarkArgs.Value(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        var output = BenchmarkArgs.Value(args, "--out");
        var peer = BenchmarkArgs.Value(args, "--peer") ?? FindPeer();
        var domains = SyntheticDomains();
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));

        var rows = new List<string>();
        foreach (var threads in threadCounts)
        foreach (var c in Cases)
        {
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                // Interleave so that load from other processes hits both sides alike.
                ours.Add(MeasureTorchSharp(c, threads, domains));
                theirs.Add(MeasurePyTorch(peer, c, threads));
                Console.WriteLine($"{c.Preset} threads={threads} rep={r}: TorchSharp {ours[^1]:F0} tok/s, PyTorch {theirs[^1]:F0} tok/s");
            }
            var (o, t) = (Median(ours), Median(theirs));
            rows.Add($"| {c.Preset} | {new GptModel(c.Model).ParameterCount:N0} | {c.Batch}×{c.Model.Context} | {threads} | " +
                     $"{o:F0} | {t:F0} | **{o / t:F2}** | {string.Join(" / ", ours.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} | " +
                     $"{string.Join(" / ", theirs.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        var report = new StringBuilder()
            .AppendLine($"### Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine($"- Load average at end of run (1/5/15 min): {LoadAverage()}")
            .AppendLine()
            .AppendLine("| preset | params | batch×context | threads | TorchSharp tok/s (median) | PyTorch tok/s (median) | ratio | TorchSharp runs | PyTorch runs |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(r => report.AppendLine(r));
        Console.WriteLine(report);
        if (output is not null) File.AppendAllText(output, report + Environment.NewLine);
        return 0;
    }

    private static double MeasureTorchSharp(Case c, int threads, IReadOnlyList<DomainTokens> domains)
    {
        var options = new TrainingOptions
        {
            Model = c.Model,
            Steps = c.Warmup + c.Steps,
            BatchSize = c.Batch,
            Schedule = LearningRateSchedule.WithFinalRatio(3e-3, c.Warmup, c.Warmup + c.Steps, 0.5),
            Clipping = ClippingOptions.Global(1.0),
            Evaluations = CheckpointSchedule.At(c.Warmup + c.Steps),
            ValidationWindowsPerDomain = 1,
            ProgressEvery = c.Warmup,
            Threads = threads,
            Device = DevicePreference.Cpu,
        };
        // The trainer times training steps only; the first report covers the warm-up steps and is discarded.
        var measured = new List<ProgressReport>();
        new ProxyTrainer(options, domains, Mixture).Run(e =>
        {
            if (e is ProgressReport p && p.Step > c.Warmup) measured.Add(p);
        });
        var tokensPerStep = (double)c.Batch * c.Model.Context;
        var seconds = measured.Sum(p => c.Warmup * tokensPerStep / p.TokensPerSecond);
        return measured.Count * c.Warmup * tokensPerStep / seconds;
    }

    private static double MeasurePyTorch(string peer, Case c, int threads)
    {
        var m = c.Model;
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { peer, "--vocab", $"{m.VocabSize}", "--layers", $"{m.Layers}", "--heads", $"{m.Heads}",
                     "--d", $"{m.DModel}", "--context", $"{m.Context}", "--batch", $"{c.Batch}", "--steps", $"{c.Steps}",
                     "--warmup", $"{c.Warmup}", "--threads", $"{threads}" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"PyTorch peer failed: {stderr}");
        using var json = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        return json.RootElement.GetProperty("tokens_per_second").GetDouble();
    }

    // Three streams of uniform random tokens, like the peer's: throughput does not depend on content.
    private static IReadOnlyList<DomainTokens> SyntheticDomains()
    {
        var random = new Random(1);
        int[] Stream(int n) => Enumerable.Range(0, n).Select(_ => random.Next(256)).ToArray();
        return Enumerable.Range(0, 3).Select(i => new DomainTokens($"d{i}", Stream(200_000), Stream(2_000))).ToArray();
    }

    private static string FindPeer()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "benchmarks", "peers", "train_torch.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/benchmarks/peers/train_torch.py not found above " + AppContext.BaseDirectory);
    }

    private static string LoadAverage() =>
        string.Join(" ", (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "unknown").Split(' ').Take(3));

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
