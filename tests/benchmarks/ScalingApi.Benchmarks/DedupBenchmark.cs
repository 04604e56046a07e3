using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingApi.Corpora.Preparation;
using ScalingApi.Corpora.Reading;

namespace ScalingApi.Benchmarks;

/// <summary>
/// Exact + MinHash/LSH deduplication (<see cref="DuplicateIndex"/>, default stages) on a generated corpus with planted
/// exact and near duplicates (<see cref="DedupCorpus"/>), against the Python/numpy reference
/// (tests/benchmarks/peers/minhash_numpy.py, /usr/bin/python3) on the same files in the same run: throughput with 1
/// and 2 threads, peak RSS, index bytes per million documents, recall and precision per planted Jaccard level, and
/// how often the two implementations decide alike. The corpus is deleted afterwards unless --keep is given.
/// Usage: dedup [--work DIR] [--mb 500] [--threads 1,2] [--python-mb 0 (= all)] [--seed 15] [--out FILE] [--peer FILE] [--note TEXT] [--keep]
/// </summary>
public static class DedupBenchmark
{
    private const int BatchSize = 4096;

    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => BenchmarkArgs.Value(args, name, fallback);
        var work = Arg("--work", "/tmp/w15d/dedup");
        var megabytes = long.Parse(Arg("--mb", "500"), CultureInfo.InvariantCulture);
        var threads = Arg("--threads", "1,2").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();
        var pythonMb = long.Parse(Arg("--python-mb", "0"), CultureInfo.InvariantCulture);
        var seed = int.Parse(Arg("--seed", "15"), CultureInfo.InvariantCulture);
        var output = Arg("--out", "tests/benchmarks/results/dedup.md");
        var peer = Arg("--peer", "tests/benchmarks/peers/minhash_numpy.py");
        var stages = (Exact: new ExactDedupStage(), Near: new NearDedupStage());

        var report = new StringBuilder();
        report.AppendLine("# Deduplication benchmark (exact + MinHash/LSH)").AppendLine();
        report.AppendLine(BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"))).AppendLine();

        var generation = Stopwatch.StartNew();
        var (files, truth) = DedupCorpus.Ensure(work, megabytes * 1_000_000, seed);
        var corpusBytes = files.Sum(f => new FileInfo(f).Length);
        Console.Error.WriteLine($"corpus: {corpusBytes / 1e6:F0} MB, {truth.Count} documents ({generation.Elapsed.TotalSeconds:F0} s)");
        foreach (var f in files) using (var s = File.OpenRead(f)) s.CopyTo(Stream.Null); // page cache
        report.AppendLine($"Corpus: {corpusBytes / 1e6:F1} MB of JSON Lines in {files.Count} files, {truth.Count:N0} documents (seed {seed}): " +
                          "Zipfian words (50,000-word vocabulary of random 2–10-letter words, exponent 1), 200–600 words per document in sentences of 8–20 words; " +
                          "3 % exact copies (random words upper-cased, spaces widened to runs of spaces, tabs and line breaks) and 2.5 % near copies at each target word-5-gram Jaccard " +
                          $"{string.Join(", ", DedupCorpus.NearTargets)} (words of an earlier original replaced at random positions, exact Jaccard recorded), each from a distinct earlier original. " +
                          $"Stages: defaults (NGram {stages.Near.NGram}, {stages.Near.Permutations} permutations, {stages.Near.Bands} bands, threshold {stages.Near.Threshold}, seed {stages.Near.Seed}). " +
                          "Files are read once before timing (page cache), so the timings are deduplication, not the disk.").AppendLine();

        var runs = threads.Select(t => RunCSharp(files, t, stages)).ToList();
        var pipelines = threads.Select(t => RunPipeline(files, t, stages, Path.Combine(work, $"prepared-{t}"))).ToList();
        var pythonFiles = pythonMb <= 0 ? files : TakeMegabytes(files, pythonMb);
        var python = RunPython(peer, pythonFiles, Path.Combine(work, "python-decisions.txt"), stages.Near);

        report.AppendLine("## Throughput and memory").AppendLine();
        report.AppendLine("Wall-clock rates, and rates per CPU-second (user + system time of the process: the throughput of one core, which the load of the shared machine distorts much less).").AppendLine();
        report.AppendLine("| Implementation | Threads | Documents | MB | Wall s | CPU s | MB/s | documents/s | MB per CPU-s | documents per CPU-s | Peak RSS MB | × Python (MB/s) | × Python (per CPU-s) |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var pythonRate = python.Bytes / 1e6 / python.Seconds;
        var pythonCpuRate = python.Bytes / 1e6 / python.CpuSeconds;
        foreach (var run in runs)
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| C# DuplicateIndex | {run.Threads} | {run.Decisions.Length:N0} | {run.Bytes / 1e6:F1} | {run.Seconds:F1} | {run.CpuSeconds:F1} | {run.Bytes / 1e6 / run.Seconds:F2} | {run.Decisions.Length / run.Seconds:F0} | {run.Bytes / 1e6 / run.CpuSeconds:F2} | {run.Decisions.Length / run.CpuSeconds:F0} | {run.PeakRss / 1e6:F0} | **{run.Bytes / 1e6 / run.Seconds / pythonRate:F1}** | {run.Bytes / 1e6 / run.CpuSeconds / pythonCpuRate:F1} |"));
        foreach (var pipeline in pipelines)
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| C# CorpusPreparer (dedup stages only, .jsonl.gz shards written), parallelism {pipeline.Parallelism} | {pipeline.Parallelism} + apply thread | {pipeline.Documents:N0} | {pipeline.Bytes / 1e6:F1} | {pipeline.Seconds:F1} | {pipeline.CpuSeconds:F1} | {pipeline.Bytes / 1e6 / pipeline.Seconds:F2} | {pipeline.Documents / pipeline.Seconds:F0} | {pipeline.Bytes / 1e6 / pipeline.CpuSeconds:F2} | {pipeline.Documents / pipeline.CpuSeconds:F0} | {pipeline.PeakRss / 1e6:F0} | **{pipeline.Bytes / 1e6 / pipeline.Seconds / pythonRate:F1}** | {pipeline.Bytes / 1e6 / pipeline.CpuSeconds / pythonCpuRate:F1} |"));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| Python/numpy reference | 1 | {python.Decisions.Length:N0} | {python.Bytes / 1e6:F1} | {python.Seconds:F1} | {python.CpuSeconds:F1} | {pythonRate:F2} | {python.Decisions.Length / python.Seconds:F0} | {pythonCpuRate:F2} | {python.Decisions.Length / python.CpuSeconds:F0} | {python.PeakRss / 1e6:F0} | 1.0 | 1.0 |"));
        report.AppendLine();
        foreach (var run in runs)
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- C#, {run.Threads} thread(s): reading and JSON decoding {run.ReadSeconds:F1} s, fingerprints + signatures {run.HashSeconds:F1} s (parallel), TryAdd {run.AddSeconds:F1} s (sequential); " +
                $"{run.Kept:N0} documents kept; index `EstimatedBytes` {run.EstimatedBytes / 1e6:F1} MB = **{run.EstimatedBytes / (double)run.Kept * 1e6 / 1e9:F2} GB per million kept documents** " +
                $"(live managed heap held by the index, measured by GC.GetTotalMemory: {run.LiveBytes / 1e6:F1} MB = {run.LiveBytes / (double)run.Kept * 1e6 / 1e9:F2} GB per million); " +
                $"process RSS before the run {run.RssBefore / 1e6:F0} MB."));
        var subset = pythonFiles.Count < files.Count
            ? string.Create(CultureInfo.InvariantCulture, $"; ran on the first {pythonFiles.Count} of {files.Count} files ({python.Bytes / 1e6:F0} MB) only.")
            : ".";
        foreach (var pipeline in pipelines)
        {
            var direct = runs[0].Decisions;
            var agrees = pipeline.ExactRemoved == direct.Count(d => d == DuplicateIndex.ExactStage) && pipeline.NearRemoved == direct.Count(d => d == DuplicateIndex.NearStage);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- CorpusPreparer, parallelism {pipeline.Parallelism}: removed {pipeline.ExactRemoved:N0} exact and {pipeline.NearRemoved:N0} near duplicates ({(agrees ? "the same counts as" : "DIFFERENT counts from")} the direct runs), " +
                $"wrote {pipeline.ShardBytes / 1e6:F0} MB of shards; its time includes JSON decoding, batching and gzip shard writing."));
        }
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- Python: numpy {python.NumPy}, one process; its time excludes interpreter start-up; peak RSS is `ru_maxrss` of that process; {python.Kept:N0} documents kept{subset}"));
        report.AppendLine();

        report.AppendLine("## Planted duplicates found").AppendLine();
        report.AppendLine("A copy counts as found when it is removed (by either stage); copies below the threshold (0.8) should be kept, so for them the rate is a false-positive rate.").AppendLine();
        report.AppendLine("| Planted | Exact Jaccard (min–max) | Count | C# removed (1 thread) | Python removed |");
        report.AppendLine("|---|---|---:|---:|---:|");
        var reference = runs[0];
        foreach (var (label, members) in Groups(truth))
        {
            var inPython = members.Where(m => m.Index < python.Decisions.Length).ToList();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {members.Min(m => m.Jaccard):F3}–{members.Max(m => m.Jaccard):F3} | {members.Count:N0} | {Rate(members, reference.Decisions)} | {Rate(inPython, python.Decisions)} |"));
        }
        report.AppendLine();
        var threshold = stages.Near.Threshold;
        foreach (var (name, decisions) in new[] { ("C#", reference.Decisions), ("Python", python.Decisions) })
        {
            var quality = Quality(truth, decisions, threshold);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- {name}: recall at exact J ≥ 0.9: **{quality.RecallHigh:F4}**; removed below J 0.5: **{quality.RemovedBelowHalf}**; precision of near-dedup removals (planted with exact J ≥ {threshold}) **{quality.NearPrecision:F4}** " +
                $"({quality.NearRemoved:N0} removed, {quality.OriginalsRemoved} originals among them); exact-dedup precision {quality.ExactPrecision:F4}, exact recall {quality.ExactRecall:F4}."));
        }
        var common = Math.Min(python.Decisions.Length, reference.Decisions.Length);
        var same = Enumerable.Range(0, common).Count(i => python.Decisions[i] == reference.Decisions[i]);
        var threadsAgree = runs.All(r => r.Decisions.AsSpan().SequenceEqual(reference.Decisions));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- C# and Python decide alike on {same:N0} of {common:N0} documents; the C# runs with {string.Join(" and ", threads)} threads decide {(threadsAgree ? "identically" : "DIFFERENTLY")}."));

        report.AppendLine().AppendLine("## Notes").AppendLine()
            .AppendLine($"- Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- dedup {string.Join(" ", args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}` (from the repository root).")
            .AppendLine("- C#: documents are read by `CorpusFileReader` in batches of 4,096; `Fingerprint` and `Signature` run with `Parallel.For` at the given degree, `TryAdd` in document order. " +
                        "The `CorpusPreparer` rows run the same two stages through the preparation pipeline (batches judged in parallel, verdicts applied in order, gzip shards written), so they add JSON decoding into its batches and shard compression.")
            .AppendLine("- Python: the same normal form, words, word and shingle hashes, permutations and banding, written the obvious way (a numpy m×k matrix per document for the permutations, a dict per band); " +
                        "exact digests are BLAKE2b instead of XxHash128 (only equality matters). Differences between the two columns would come from Unicode corner cases of lower-casing and " +
                        "white space (Python `str.lower`/`split` vs .NET `ToLowerInvariant`/`char.IsWhiteSpace`), absent from this ASCII corpus.")
            .AppendLine("- The machine is shared by several engineers building at the same time: absolute times move with the load; the ratio (runs back to back) is the figure to read.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine(report.ToString());
        if (!args.Contains("--keep")) Directory.Delete(work, recursive: true);
        return 0;
    }

    private sealed record CSharpRun(int Threads, long Bytes, double Seconds, double CpuSeconds, double ReadSeconds, double HashSeconds, double AddSeconds,
        string[] Decisions, long Kept, long EstimatedBytes, long LiveBytes, long PeakRss, long RssBefore);

    private static CSharpRun RunCSharp(IReadOnlyList<string> files, int threads, (ExactDedupStage Exact, NearDedupStage Near) stages)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        PeakMemory.Reset();
        var rssBefore = PeakMemory.Read();
        var index = new DuplicateIndex(stages.Exact, stages.Near);
        var decisions = new List<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var fingerprints = new UInt128?[BatchSize];
        var signatures = new uint[]?[BatchSize];
        var read = new Stopwatch();
        var hash = new Stopwatch();
        var add = new Stopwatch();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        var sink = new BatchingSink(BatchSize, batch =>
        {
            read.Stop();
            hash.Start();
            Parallel.For(0, batch.Count, parallel, i =>
            {
                fingerprints[i] = index.Fingerprint(batch[i]);
                signatures[i] = index.Signature(batch[i]);
            });
            hash.Stop();
            add.Start();
            for (var i = 0; i < batch.Count; i++) decisions.Add(index.TryAdd(fingerprints[i], signatures[i]) ?? "-");
            add.Stop();
            read.Start();
        });
        read.Start();
        foreach (var file in files) CorpusFileReader.Read(file, sink);
        sink.Flush();
        read.Stop();
        total.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var peak = PeakMemory.Read();
        Array.Clear(signatures);
        GC.Collect();
        var live = GC.GetTotalMemory(forceFullCollection: true) - heapBefore - decisions.Count * (long)IntPtr.Size;
        var run = new CSharpRun(threads, files.Sum(f => new FileInfo(f).Length), total.Elapsed.TotalSeconds, cpu, read.Elapsed.TotalSeconds,
            hash.Elapsed.TotalSeconds, add.Elapsed.TotalSeconds, decisions.ToArray(), index.Documents, index.EstimatedBytes, live, peak, rssBefore);
        GC.KeepAlive(index);
        Console.Error.WriteLine($"C# {threads} thread(s): {run.Seconds:F1} s");
        return run;
    }

    private sealed record PipelineRun(int Parallelism, long Bytes, long Documents, double Seconds, double CpuSeconds, long PeakRss,
        long ExactRemoved, long NearRemoved, long ShardBytes);

    /// <summary>The same deduplication through the preparation pipeline (no language or quality stage), shards included.</summary>
    private static PipelineRun RunPipeline(IReadOnlyList<string> files, int parallelism, (ExactDedupStage Exact, NearDedupStage Near) stages, string output)
    {
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.GetTotalMemory(forceFullCollection: true);
        PeakMemory.Reset();
        var preparation = new PreparationStages { ExactDedup = stages.Exact, NearDedup = stages.Near };
        var preparer = new CorpusPreparer(preparation, new DuplicateIndex(stages.Exact, stages.Near)) { Parallelism = parallelism };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var outcome = preparer.Prepare(files, output);
        clock.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var peak = PeakMemory.Read();
        long Removed(string stage) => outcome.Stages.Single(s => s.Stage == stage).DocumentsRemoved;
        var run = new PipelineRun(parallelism, files.Sum(f => new FileInfo(f).Length), outcome.DocumentsIn, clock.Elapsed.TotalSeconds, cpu, peak,
            Removed(DuplicateIndex.ExactStage), Removed(DuplicateIndex.NearStage), outcome.Shards.Sum(f => new FileInfo(f).Length));
        Directory.Delete(output, recursive: true);
        Console.Error.WriteLine($"CorpusPreparer parallelism {parallelism}: {run.Seconds:F1} s");
        return run;
    }

    private sealed record PythonRun(long Bytes, double Seconds, double CpuSeconds, long PeakRss, long Kept, string NumPy, string[] Decisions);

    private static PythonRun RunPython(string peer, IReadOnlyList<string> files, string decisionsPath, NearDedupStage near)
    {
        var start = new ProcessStartInfo(BenchmarkEnvironment.PeerPython) { RedirectStandardOutput = true };
        foreach (var argument in new[] { peer, "--decisions", decisionsPath, "--ngram", $"{near.NGram}", "--permutations", $"{near.Permutations}",
                     "--bands", $"{near.Bands}", "--threshold", near.Threshold.ToString(CultureInfo.InvariantCulture), "--seed", $"{near.Seed}" })
            start.ArgumentList.Add(argument);
        foreach (var f in files) start.ArgumentList.Add(f);
        using var process = Process.Start(start)!;
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"python peer failed with exit code {process.ExitCode}");
        var root = JsonDocument.Parse(json).RootElement;
        var run = new PythonRun(root.GetProperty("bytes").GetInt64(), root.GetProperty("seconds").GetDouble(), root.GetProperty("cpu_seconds").GetDouble(),
            root.GetProperty("peak_rss_bytes").GetInt64(), root.GetProperty("kept").GetInt64(), root.GetProperty("numpy").GetString()!,
            File.ReadAllLines(decisionsPath));
        Console.Error.WriteLine($"Python: {run.Seconds:F1} s");
        return run;
    }

    private static IEnumerable<(string Label, List<PlantedDocument> Members)> Groups(IReadOnlyList<PlantedDocument> truth)
    {
        yield return ("exact copies", truth.Where(t => t.Kind == "exact").ToList());
        foreach (var target in DedupCorpus.NearTargets)
            yield return ($"near copies, target J {target}", truth.Where(t => t.Kind == "near" && t.Target == target).ToList());
        yield return ("originals", truth.Where(t => t.Kind == "original").ToList());
    }

    private static string Rate(List<PlantedDocument> members, string[] decisions) =>
        members.Count == 0 ? "—" : string.Create(CultureInfo.InvariantCulture,
            $"{members.Count(m => decisions[m.Index] != "-") / (double)members.Count:F4} ({members.Count(m => decisions[m.Index] != "-"):N0})");

    private sealed record Scores(double RecallHigh, int RemovedBelowHalf, long NearRemoved, double NearPrecision, int OriginalsRemoved,
        double ExactPrecision, double ExactRecall);

    private static Scores Quality(IReadOnlyList<PlantedDocument> truth, string[] decisions, double threshold)
    {
        var seen = truth.Take(decisions.Length).ToList();
        var high = seen.Where(t => t.Kind == "near" && t.Jaccard >= 0.9).ToList();
        var nearRemoved = seen.Where(t => decisions[t.Index] == DuplicateIndex.NearStage).ToList();
        var exactRemoved = seen.Where(t => decisions[t.Index] == DuplicateIndex.ExactStage).ToList();
        var exact = seen.Where(t => t.Kind == "exact").ToList();
        return new Scores(
            high.Count(t => decisions[t.Index] != "-") / (double)high.Count,
            seen.Count(t => t.Kind != "exact" && t.Jaccard < 0.5 && decisions[t.Index] != "-"),
            nearRemoved.Count,
            nearRemoved.Count(t => t.Kind == "near" && t.Jaccard >= threshold) / (double)Math.Max(1, nearRemoved.Count),
            seen.Count(t => t.Kind == "original" && decisions[t.Index] != "-"),
            exactRemoved.Count(t => t.Kind == "exact") / (double)Math.Max(1, exactRemoved.Count),
            exact.Count(t => decisions[t.Index] == DuplicateIndex.ExactStage) / (double)Math.Max(1, exact.Count));
    }

    private static List<string> TakeMegabytes(IReadOnlyList<string> files, long megabytes)
    {
        var taken = new List<string>();
        long bytes = 0;
        foreach (var f in files)
        {
            if (bytes >= megabytes * 1_000_000) break;
            taken.Add(f);
            bytes += new FileInfo(f).Length;
        }
        return taken;
    }

    /// <summary>Collects documents as strings and hands them over in batches.</summary>
    private sealed class BatchingSink(int batchSize, Action<List<string>> process) : IDocumentSink
    {
        private readonly ArrayBufferWriter<byte> _current = new();
        private readonly List<string> _batch = new(batchSize);

        public void Append(ReadOnlySpan<byte> utf8) => _current.Write(utf8);

        public void EndDocument()
        {
            _batch.Add(Encoding.UTF8.GetString(_current.WrittenSpan));
            _current.ResetWrittenCount();
            if (_batch.Count == batchSize) Flush();
        }

        public void Flush()
        {
            if (_batch.Count == 0) return;
            process(_batch);
            _batch.Clear();
        }
    }
}
