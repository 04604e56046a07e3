using System.Globalization;
using System.Text;
using ScalingApi.Laws.Schedules;
using ScalingApi.Training.Data;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Benchmarks;

/// <summary>
/// Training throughput (tokens/s) of ScalingApi.Training's ProxyTrainer against the identical model, batch and
/// optimizer in PyTorch (tests/benchmarks/peers/train_torch.py under Debian's /usr/bin/python3), same thread
/// count, interleaved in one run. The peer uses torch's fused scaled_dot_product_attention when its torch has it
/// (--attention masked forces the masked-softmax formulation); the report names the torch version and attention path.
/// Usage: bench training [--threads 1,2] [--repeats 3] [--out results/training.md] [--peer path/to/train_torch.py]
/// [--attention auto|sdpa|masked] [--note "what else was running"]
/// </summary>
public static class TrainingBenchmark
{
    public static int Run(string[] args)
    {
        var threadCounts = BenchmarkArgs.Value(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        var repeats = int.Parse(BenchmarkArgs.Value(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        var output = BenchmarkArgs.Value(args, "--out");
        var peer = BenchmarkArgs.Value(args, "--peer") ?? TorchPeer.Find();
        var attention = BenchmarkArgs.Value(args, "--attention", "auto");
        var domains = TrainingCase.SyntheticDomains();
        var peersSeen = new SortedSet<string>(StringComparer.Ordinal);
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));

        var rows = new List<string>();
        foreach (var threads in threadCounts)
        foreach (var c in TrainingCase.All)
        {
            var ours = new List<double>();
            var theirs = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                // Interleave so that load from other processes hits both sides alike.
                ours.Add(MeasureTorchSharp(c, threads, domains));
                var theirRun = TorchPeer.Run(peer, c, threads, "--attention", attention);
                theirs.Add(theirRun.TokensPerSecond);
                peersSeen.Add($"torch {theirRun.Torch}, attention `{theirRun.Attention}`");
                Console.WriteLine($"{c.Preset} threads={threads} rep={r}: TorchSharp {ours[^1]:F0} tok/s, PyTorch {theirs[^1]:F0} tok/s");
            }
            var (o, t) = (Timing.Median(ours), Timing.Median(theirs));
            rows.Add($"| {c.Preset} | {new GptModel(c.Model).ParameterCount:N0} | {c.Batch}×{c.Model.Context} | {threads} | " +
                     $"{o:F0} | {t:F0} | **{o / t:F2}** | {string.Join(" / ", ours.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} | " +
                     $"{string.Join(" / ", theirs.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        var report = new StringBuilder()
            .AppendLine($"### Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine($"- Load average at end of run (1/5/15 min): {LoadAverage()}")
            .AppendLine($"- PyTorch peer: {BenchmarkEnvironment.PeerPython}, {string.Join("; ", peersSeen)} " +
                        "(`sdpa` = F.scaled_dot_product_attention(is_causal=True), `masked` = masked softmax)")
            .AppendLine()
            .AppendLine("| preset | params | batch×context | threads | TorchSharp tok/s (median) | PyTorch tok/s (median) | ratio | TorchSharp runs | PyTorch runs |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(r => report.AppendLine(r));
        Console.WriteLine(report);
        if (output is not null) File.AppendAllText(output, report + Environment.NewLine);
        return 0;
    }

    private static double MeasureTorchSharp(TrainingCase c, int threads, IReadOnlyList<DomainTokens> domains)
    {
        var options = new TrainingOptions
        {
            Model = c.Model,
            Steps = c.Warmup + c.Steps,
            BatchSize = c.Batch,
            Schedule = new LrSchedule(LrScheduleKind.Exponential, 3e-3, c.Warmup, c.Warmup + c.Steps, 1.5e-3),
            Clipping = ClippingOptions.Global(1.0),
            Evaluations = CheckpointSchedule.At(c.Warmup + c.Steps),
            ValidationWindowsPerDomain = 1,
            ProgressEvery = c.Warmup,
            Threads = threads,
            Device = DevicePreference.Cpu,
        };
        // The trainer times training steps only; the first report covers the warm-up steps and is discarded.
        var measured = new List<ProgressReport>();
        new ProxyTrainer(options, domains, TrainingCase.Mixture).Run(e =>
        {
            if (e is ProgressReport p && p.Step > c.Warmup) measured.Add(p);
        });
        var tokensPerStep = (double)c.Batch * c.Model.Context;
        var seconds = measured.Sum(p => c.Warmup * tokensPerStep / p.TokensPerSecond);
        return measured.Count * c.Warmup * tokensPerStep / seconds;
    }

    private static string LoadAverage() =>
        string.Join(" ", (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : "unknown").Split(' ').Take(3));
}
