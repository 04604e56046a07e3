using System.Diagnostics;
using System.Globalization;
using System.Text;
using ScalingApi.Training.Data;
using ScalingApi.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScalingApi.Benchmarks;

/// <summary>
/// Where a training step's time goes, on both sides of the `training` benchmark: the TorchSharp step built from
/// the trainer's parts (GptModel, AdamW with the trainer's two weight-decay groups, global-norm clipping at 1.0,
/// the MixtureSampler) timed per phase with a Stopwatch, next to the PyTorch peer's own per-phase clock
/// (train_torch.py --phases), same cases and thread counts, interleaved. Per step in ms, median over repeats.
/// Usage: bench training-phases [--threads 1,2] [--repeats 3] [--out file.md] [--profile N (peer's top-N ops to stderr)]
/// </summary>
public static class TrainingPhasesBenchmark
{
    private static readonly string[] Phases = ["batch", "forward", "backward", "clip", "optimizer", "item", "release"];

    public static int Run(string[] args)
    {
        var threadCounts = BenchmarkArgs.Value(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        var repeats = int.Parse(BenchmarkArgs.Value(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        var profile = BenchmarkArgs.Value(args, "--profile", "0");
        var peer = TorchPeer.Find();
        var domains = TrainingCase.SyntheticDomains();
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));

        var report = new StringBuilder()
            .AppendLine($"### Phases per training step, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (`training-phases`)")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine()
            .AppendLine("ms per step, median of the repeats; `forward` includes the cross-entropy, `backward` the zero_grad, " +
                        "`release` is TorchSharp's dispose scope (PyTorch frees by reference counting inside the other phases); " +
                        "`faults/step` is the process's minor page faults per measured step (memory the allocator handed back " +
                        "to the OS and touched again), which does not depend on the machine's load.")
            .AppendLine()
            .AppendLine($"| preset | threads | side | {string.Join(" | ", Phases)} | total | tok/s | faults/step |")
            .AppendLine($"|---|---|---|{string.Concat(Phases.Select(_ => "---|"))}---|---|---|");
        foreach (var threads in threadCounts)
        foreach (var c in TrainingCase.All)
        {
            var ours = new List<double[]>();
            var theirs = new List<double[]>();
            var faults = new Dictionary<string, List<double>> { ["TorchSharp"] = [], ["PyTorch"] = [] };
            for (var r = 0; r < repeats; r++)
            {
                var (phaseMilliseconds, faultsPerStep) = MeasureTorchSharp(c, threads, domains);
                ours.Add(phaseMilliseconds);
                faults["TorchSharp"].Add(faultsPerStep);
                var run = r == 0 && profile != "0"
                    ? TorchPeer.Run(peer, c, threads, "--phases", "--profile", profile)
                    : TorchPeer.Run(peer, c, threads, "--phases");
                if (r == 0 && profile != "0") Console.Error.WriteLine($"--- PyTorch {run.Torch} ({run.Attention}) {c.Preset}, {threads} thread(s):\n{run.Stderr}");
                // the peer has no separate release phase
                theirs.Add(Phases.Select(p => run.PhaseSeconds.GetValueOrDefault(p) * 1000).ToArray());
                if (run.MinorFaultsPerStep is { } peerFaults) faults["PyTorch"].Add(peerFaults);
            }
            var tokensPerStep = (double)c.Batch * c.Model.Context;
            foreach (var (side, runs) in new[] { ("TorchSharp", ours), ("PyTorch", theirs) })
            {
                var medians = Enumerable.Range(0, Phases.Length).Select(i => Timing.Median(runs.Select(x => x[i]).ToArray())).ToArray();
                var total = Timing.Median(runs.Select(x => x.Sum()).ToArray());
                report.AppendLine($"| {c.Preset} | {threads} | {side} | {string.Join(" | ", medians.Select(m => m.ToString("F2", CultureInfo.InvariantCulture)))} | " +
                                  $"{total.ToString("F2", CultureInfo.InvariantCulture)} | {(tokensPerStep / total * 1000).ToString("F0", CultureInfo.InvariantCulture)} | " +
                                  $"{(faults[side].Count > 0 ? Timing.Median(faults[side].ToArray()).ToString("F0", CultureInfo.InvariantCulture) : "–")} |");
            }
            Console.WriteLine($"{c.Preset} threads={threads} done");
        }
        Console.WriteLine(report);
        if (BenchmarkArgs.Value(args, "--out") is { } output) File.AppendAllText(output, report + Environment.NewLine);
        return 0;
    }

    /// <summary>
    /// ms per measured step for each phase, the same step TrainingSession.Step takes (plain global-norm run), and the
    /// minor page faults per measured step.
    /// </summary>
    private static (double[] PhaseMilliseconds, double FaultsPerStep) MeasureTorchSharp(TrainingCase c, int threads, IReadOnlyList<DomainTokens> domains)
    {
        set_num_threads(threads);
        manual_seed(1);
        using var model = new GptModel(c.Model);
        model.train();
        var parameters = model.parameters().ToArray();
        var decayed = new AdamW.ParamGroup(parameters.Where(p => p.dim() >= 2), 3e-3, 0.9, 0.95, 1e-8, 0.1);
        var undecayed = new AdamW.ParamGroup(parameters.Where(p => p.dim() < 2), 3e-3, 0.9, 0.95, 1e-8, 0.0);
        using var optimizer = optim.AdamW([decayed, undecayed], 3e-3, 0.9, 0.95, 1e-8, 0.1);
        var sampler = new MixtureSampler(domains, TrainingCase.Mixture, c.Model.Context, 1);
        var window = c.Model.Context + 1;
        var tokens = new long[c.Batch * window];
        var domainOfRow = new int[c.Batch];
        var totals = new double[Phases.Length];
        var clock = new Stopwatch();

        var faultsAtStart = 0L;
        for (var step = 0; step < c.Warmup + c.Steps; step++)
        {
            if (step == c.Warmup) faultsAtStart = PageFaults.Minor();
            var marks = new double[Phases.Length + 1];
            var phase = 0;
            void Mark() => marks[++phase] = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups) group.LearningRate = 3e-3;
            sampler.NextBatch(tokens, domainOfRow);
            var batch = tensor(tokens, [c.Batch, window]);
            Mark();
            Tensor loss;
            using (var logits = model.forward(batch[.., ..^1]))
            using (var flatLogits = logits.flatten(0, 1))
                loss = nn.functional.cross_entropy(flatLogits, batch[.., 1..].flatten());
            Mark();
            optimizer.zero_grad();
            loss.backward();
            Mark();
            nn.utils.clip_grad_norm_(parameters, 1.0);
            Mark();
            optimizer.step();
            Mark();
            _ = loss.item<float>();
            Mark();
            scope.Dispose();
            Mark();
            if (step >= c.Warmup)
                for (var i = 0; i < Phases.Length; i++) totals[i] += marks[i + 1] - marks[i];
        }
        return (totals.Select(t => t / c.Steps).ToArray(), (double)(PageFaults.Minor() - faultsAtStart) / c.Steps);
    }
}
