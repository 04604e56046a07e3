using System.Globalization;
using System.Text;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Laws.Schedules;
using ScalingApi.Training.Data;
using ScalingApi.Training.Evaluation;
using ScalingApi.Training.Model;
using ScalingApi.Training.Optimization;
using ScalingApi.Training.Trainer;

namespace ScalingApi.Benchmarks;

/// <summary>
/// The loss curves behind the <c>lr-schedule</c> benchmark: tiny TorchSharp proxies on five synthetic Markov
/// domains, trained with the trainer's default schedule (10 % linear warm-up, exponential decay to 10 % of the
/// peak at the last step) — the schedule every sweep trains with. Short runs at N steps on several mixtures,
/// long runs at 3N on the same schedule shape stretched to 3N. Written to a CSV so the law part can be rerun
/// without training again.
/// </summary>
public static class ScheduleCurves
{
    public sealed record Curve(string Run, int TotalSteps, double[] Mixture, int Step, int Domain, double Loss);

    public const int DomainCount = 5;

    /// <summary>Seven proxy mixtures (the uniform one first) and the two mixtures trained 3× longer.</summary>
    public static double[][] ProxyMixtures { get; } =
    [
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.5, 0.125, 0.125, 0.125, 0.125],
        [0.125, 0.5, 0.125, 0.125, 0.125],
        [0.125, 0.125, 0.5, 0.125, 0.125],
        [0.125, 0.125, 0.125, 0.5, 0.125],
        [0.125, 0.125, 0.125, 0.125, 0.5],
        [0.35, 0.05, 0.3, 0.05, 0.25],
    ];

    public static double[][] LongMixtures { get; } =
    [
        [0.2, 0.2, 0.2, 0.2, 0.2],
        [0.1, 0.3, 0.15, 0.3, 0.15],
    ];

    /// <summary>
    /// Extra proxies for designs where runs differ in annealing at a given step: three of the proxy mixtures
    /// (uniform, d3-heavy, the mixed one) at a shorter length, each on the default schedule stretched to its own
    /// length, and the uniform mixture at the proxies' length on a constant rate (after the same warm-up).
    /// </summary>
    public static IReadOnlyList<RunSpec> ExtraRuns(int shortSteps, int steps) =>
    [
        .. new[] { 0, 3, 6 }.Select((p, k) => new RunSpec($"short{k}", shortSteps, ProxyMixtures[p], 10)),
        new RunSpec("constant0", steps, ProxyMixtures[0], 10),
    ];

    public sealed record RunSpec(string Name, int TotalSteps, double[] Mixture, int Evaluations);

    /// <summary>Runs named constant… trained at a constant rate after the warm-up; every other run on the default schedule.</summary>
    public static bool IsConstantRate(string run) => run.StartsWith("constant", StringComparison.Ordinal);

    /// <summary>Schedule shapes the curves can be trained with (--shape); each at peak 3e-3, 10 % warm-up, ending at 0.1 × peak.</summary>
    public static readonly string[] Shapes = ["exponential", "wsd", "cosine"];

    /// <summary>
    /// The schedule a run of this benchmark trains with and declares: exponential is the trainer's default
    /// (<see cref="ProxyTrainingSchedule"/>); wsd holds the peak and decays linearly over the last fifth after warm-up
    /// (warm-up-stable-decay); constant… runs hold the peak after the warm-up whatever the shape.
    /// </summary>
    public static LrSchedule ScheduleOf(string run, int totalSteps, string shape)
    {
        var peak = ProxyTrainingSchedule.PeakLr;
        var warmup = ProxyTrainingSchedule.WarmupSteps(totalSteps);
        var final = peak * ProxyTrainingSchedule.FinalRatio;
        if (IsConstantRate(run)) return new LrSchedule(LrScheduleKind.Constant, peak, warmup, totalSteps, peak);
        return shape switch
        {
            "exponential" => ProxyTrainingSchedule.For(totalSteps),
            "wsd" => new LrSchedule(LrScheduleKind.Wsd, peak, warmup, totalSteps, final),
            "cosine" => new LrSchedule(LrScheduleKind.Cosine, peak, warmup, totalSteps, final),
            _ => throw new ArgumentException($"--shape must be one of {string.Join(", ", Shapes)}", nameof(shape)),
        };
    }

    /// <param name="corpus">A corpus folder with one subfolder per domain (e.g. notebooks/fetch-brown.sh's); null = synthetic Markov domains.</param>
    public static IReadOnlyList<Curve> LoadOrTrain(string path, int steps, int threads, string? corpus = null, string shape = "exponential", ulong seed = DefaultSeed) =>
        LoadOrTrain(path, ProxyMixtures.Select((m, k) => new RunSpec($"proxy{k}", steps, m, 10))
            .Concat(LongMixtures.Select((m, k) => new RunSpec($"long{k}", 3 * steps, m, 15))), threads, corpus, shape, seed);

    /// <summary>The training seed of every committed curve file unless its section says otherwise (--seed).</summary>
    public const ulong DefaultSeed = 7;

    public static IReadOnlyList<Curve> LoadOrTrain(string path, IEnumerable<RunSpec> runs, int threads, string? corpus, string shape = "exponential", ulong seed = DefaultSeed)
    {
        if (File.Exists(path)) return Read(path);
        var domains = corpus is null ? Domains() : CorpusDomains(corpus);
        var curves = new List<Curve>();
        foreach (var run in runs)
        {
            var started = DateTime.UtcNow;
            var result = new ProxyTrainer(new TrainingOptions
            {
                Model = GptPresets.Tiny,
                Steps = run.TotalSteps,
                Seed = seed,
                Evaluations = CheckpointSchedule.Even(run.Evaluations),
                ValidationWindowsPerDomain = 64,
                ProgressEvery = 50,
                Threads = threads,
                Device = DevicePreference.Cpu,
                Schedule = ScheduleOf(run.Name, run.TotalSteps, shape),
            }, domains, run.Mixture).Run();
            foreach (var e in result.Evaluations)
                for (var i = 0; i < DomainCount; i++)
                    curves.Add(new Curve(run.Name, run.TotalSteps, run.Mixture, e.Step, i, e.DomainLoss[domains[i].Name]));
            Console.WriteLine($"{run.Name}: {run.TotalSteps} steps in {(DateTime.UtcNow - started).TotalSeconds:F0} s, final mean loss " +
                              $"{result.Evaluations[^1].DomainLoss.Values.Average():F4}");
            Write(path, curves); // after every run, so an interrupted training keeps what it did
        }
        return curves;
    }

    /// <summary>Five byte-level Markov domains of different alphabet size and sharpness (different entropies and learning speeds).</summary>
    private static DomainTokens[] Domains()
    {
        var random = new Random(11);
        (int Alphabet, double Concentration)[] specs = [(8, 0.3), (12, 0.1), (16, 0.5), (20, 0.05), (26, 0.2)];
        return specs.Select((s, i) =>
        {
            var alphabet = Enumerable.Range(0, s.Alphabet).Select(k => (byte)('a' + k)).ToArray();
            var source = MarkovSource.CreateRandom(alphabet, s.Concentration, random);
            var train = new byte[300_000];
            var validation = new byte[8_000];
            source.Sample(random, train);
            source.Sample(random, validation);
            return new DomainTokens($"d{i}", train.Select(b => (int)b).ToArray(), validation.Select(b => (int)b).ToArray());
        }).ToArray();
    }

    /// <summary>The first <see cref="DomainCount"/> domain folders (alphabetically), bytes as tokens; the last 5 % of each is validation text.</summary>
    private static DomainTokens[] CorpusDomains(string corpus) => Directory.GetDirectories(corpus).Order(StringComparer.Ordinal).Take(DomainCount)
        .Select(dir =>
        {
            var bytes = Directory.GetFiles(dir).Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes).Select(b => (int)b).ToArray();
            var split = bytes.Length - bytes.Length / 20;
            return new DomainTokens(Path.GetFileName(dir), bytes[..split], bytes[split..]);
        }).ToArray();

    private static void Write(string path, IEnumerable<Curve> curves)
    {
        var text = new StringBuilder("run,totalSteps,mixture,step,domain,loss\n");
        foreach (var c in curves)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Run},{c.TotalSteps},{string.Join(';', c.Mixture.Select(p => p.ToString("R", CultureInfo.InvariantCulture)))},{c.Step},{c.Domain},{c.Loss:R}"));
        File.WriteAllText(path, text.ToString());
    }

    private static List<Curve> Read(string path) => File.ReadLines(path).Skip(1).Select(line =>
    {
        var f = line.Split(',');
        return new Curve(f[0], int.Parse(f[1], CultureInfo.InvariantCulture),
            f[2].Split(';').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture),
            double.Parse(f[5], CultureInfo.InvariantCulture));
    }).ToList();
}
