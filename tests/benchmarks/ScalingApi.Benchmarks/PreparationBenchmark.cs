using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Preparation.Language;
using ScalingApi.Corpora.Reading;

namespace ScalingApi.Benchmarks;

/// <summary>
/// Throughput of the corpus preparation pipeline (CorpusPreparer) on the Brown corpus cut into web-page-sized
/// documents: documents/s and MB/s, on one worker and on all cores, for the language stage, the quality stage, both,
/// and all four stages; plus the language detector's model load time and managed memory. Writes a Markdown report.
/// Usage: preparation [--brown DIR] [--work DIR] [--repeat N] [--high-accuracy] [--out FILE] [--note "what else was running"]
/// </summary>
public static class PreparationBenchmark
{
    private const int DocumentCharacters = 2000;

    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => BenchmarkArgs.Value(args, name, fallback);
        var brown = Arg("--brown", "/tmp/brown");
        var work = Arg("--work", "/tmp/scalingapi-preparation-bench");
        var repeat = int.Parse(Arg("--repeat", "1"), CultureInfo.InvariantCulture);
        var output = Arg("--out", "tests/benchmarks/results/preparation.md");
        if (!Directory.Exists(brown))
        {
            Console.Error.WriteLine($"Brown corpus not found in {brown}: run notebooks/fetch-brown.sh {brown}");
            return 2;
        }

        var report = new StringBuilder();
        report.AppendLine("# Corpus preparation benchmark").AppendLine();
        report.AppendLine(BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"))).AppendLine();

        // model load first: this process has loaded no Lingua model yet
        report.AppendLine("## Language detector (Lingua, candidates: the kept languages + 16 frequent ones)").AppendLine();
        report.AppendLine("| Mode | First use (model load) | Managed memory after load |").AppendLine("|---|---|---|");
        report.AppendLine(DetectorLoad("low accuracy (default)", new LanguageStage { Languages = ["en", "ro"] }));
        if (args.Contains("--high-accuracy"))
            report.AppendLine(DetectorLoad("high accuracy", new LanguageStage { Languages = ["en", "ro"], HighAccuracy = true }));
        report.AppendLine();

        var input = Path.Combine(work, "input");
        var files = WriteInput(brown, input, repeat);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var documents = files.Sum(f => File.ReadLines(f).Count());
        report.AppendLine($"Input: the Brown corpus ({brown}) cut at line breaks into documents of about {DocumentCharacters} characters, " +
                          $"{repeat} pass(es) with shifted cuts: {documents} documents, {bytes / 1e6:F1} MB of JSON Lines in {files.Count} files " +
                          "(in the page cache). Output shards are written (gzip, fastest) and deleted after each run.").AppendLine();

        var configurations = new (string Name, PreparationStages Stages)[]
        {
            ("quality", new PreparationStages { Quality = new QualityStage() }),
            ("language", new PreparationStages { Language = new LanguageStage { Languages = ["en"] } }),
            ("language + quality", new PreparationStages { Language = new LanguageStage { Languages = ["en"] }, Quality = new QualityStage() }),
            ("all four stages", new PreparationStages
            {
                Language = new LanguageStage { Languages = ["en"] }, Quality = new QualityStage(),
                ExactDedup = new ExactDedupStage(), NearDedup = new NearDedupStage(),
            }),
        };
        // on a shared machine wall time measures the neighbours too; CPU time of this process is what the pipeline costs
        report.AppendLine("Per core = per CPU-second this process consumed (all threads, GC included), which a shared machine does not distort the way wall time is.").AppendLine();
        // warm-up (JIT, the candidates' language models) on the first file, so the first row does not pay it
        var warmUp = configurations[^1].Stages;
        new CorpusPreparer(warmUp, new DuplicateIndex(warmUp.ExactDedup, warmUp.NearDedup)).Prepare(files.Take(1).ToList(), Path.Combine(work, "warm-up"));
        Directory.Delete(Path.Combine(work, "warm-up"), recursive: true);

        report.AppendLine("| Stages | Workers | Documents/s (wall) | MB/s (wall) | CPU-s | Documents per CPU-s | MB per CPU-s (per core) | Kept | Wall s |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, stages) in configurations)
            foreach (var workers in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                var folder = Path.Combine(work, "out");
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                var preparer = new CorpusPreparer(stages, new DuplicateIndex(stages.ExactDedup, stages.NearDedup)) { Parallelism = workers };
                var process = Process.GetCurrentProcess();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = preparer.Prepare(files, folder);
                var seconds = clock.Elapsed.TotalSeconds;
                process.Refresh();
                var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                var megabytes = result.BytesIn / 1e6;
                report.AppendLine(FormattableString.Invariant(
                    $"| {name} | {workers} | {result.DocumentsIn / seconds:F0} | {megabytes / seconds:F2} | {cpuSeconds:F1} | {result.DocumentsIn / cpuSeconds:F0} | {megabytes / cpuSeconds:F2} | {result.DocumentsOut} of {result.DocumentsIn} | {seconds:F1} |"));
                Console.Error.WriteLine($"{name}, {workers} worker(s): {seconds:F1} s");
                Directory.Delete(folder, recursive: true);
            }
        report.AppendLine().AppendLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");

        var path = Path.IsPathRooted(output) ? output : Path.Combine(BenchmarkEnvironment.RepositoryRoot(), output);
        File.WriteAllText(path, report.ToString());
        Console.WriteLine(report);
        Directory.Delete(input, recursive: true);
        return 0;
    }

    private static string DetectorLoad(string mode, LanguageStage stage)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var identifier = new LanguageIdentifier(stage);
        foreach (var sample in Samples) identifier.Identify(sample);
        var seconds = clock.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(identifier);
        return FormattableString.Invariant($"| {mode} | {seconds:F1} s | +{(after - before) / 1e6:F0} MB |");
    }

    // one sentence per candidate language's script family, so first use loads the models a real corpus would
    private static readonly string[] Samples =
    [
        "The committee met on Tuesday to discuss the budget for next year.",
        "Comitetul s-a întrunit marți pentru a discuta bugetul pe anul viitor.",
        "Der Ausschuss traf sich am Dienstag, um den Haushalt zu besprechen.",
        "Le comité s'est réuni mardi pour discuter du budget de l'année prochaine.",
        "Комитет собрался во вторник, чтобы обсудить бюджет на следующий год.",
    ];

    /// <summary>Each pass cuts every Brown document into pieces of about <see cref="DocumentCharacters"/> characters at
    /// line breaks; pass p shifts its cuts by p lines, so later passes hold overlapping pieces (near duplicates of the
    /// first pass, some removed by near-dedup) rather than exact copies.</summary>
    private static List<string> WriteInput(string brown, string folder, int passes)
    {
        Directory.CreateDirectory(folder);
        var sources = Directory.GetFiles(brown, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        List<string> files = [];
        for (var pass = 0; pass < passes; pass++)
            foreach (var source in sources)
            {
                var target = Path.Combine(folder, $"pass{pass}-{Path.GetFileName(Path.GetDirectoryName(source))}.jsonl");
                using var writer = new StreamWriter(target);
                foreach (var document in CorpusFileReader.ReadAllDocuments(source))
                    foreach (var piece in Cut(document.Split('\n'), pass))
                        writer.WriteLine(JsonSerializer.Serialize(new { text = piece }));
                files.Add(target);
            }
        return files;
    }

    private static IEnumerable<string> Cut(string[] lines, int pass)
    {
        var piece = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            piece.Append(lines[i]).Append('\n');
            // pass p closes its first piece after p lines, which shifts every later cut of that document
            if (piece.Length < DocumentCharacters && i + 1 != pass) continue;
            yield return piece.ToString().TrimEnd('\n');
            piece.Clear();
        }
        if (piece.Length > 0) yield return piece.ToString().TrimEnd('\n');
    }
}
