using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using ScalingApi.Corpora;
using ScalingApi.Corpora.References;
using ScalingApi.Corpora.Synthetic;
using ScalingApi.Corpora.Tokenization;
using ScalingApi.Training.Trainer;
using ScalingApi.Worker.Corpus;
using ScalingApi.Worker.Running;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `sweep-overhead` (issue 4 item 6): what the service adds to a proxy run. Starts the real host (Release) with a temp
/// database, corpora root and checkpoint directory, generates a synthetic 3-domain corpus, POSTs one-run sweeps
/// (tiny and small presets) run by the local executor with the real worker CLI, and reads the worker's
/// <c>overhead.json</c> (posting, heartbeat and lease-complete times). Peer: the same training without the service —
/// ProxyTrainer run in this process with the options the worker builds for that lease (same corpus files, hold-out,
/// seed, checkpoint saving) — interleaved with the service runs. Both sides use --threads intra-op threads (the
/// worker through OMP_NUM_THREADS). Options: --threads N (default 1), --repeats N (default 2), --note "…".
/// Writes tests/benchmarks/results/sweep-overhead.md.
/// </summary>
internal static class SweepOverheadBenchmark
{
    private sealed record Case(string Preset, int Steps, int Checkpoints);

    private sealed record Measurement(Case Case, int Repeat, SweepRunResponse Run, OverheadSummary Overhead,
        double InProcessSeconds, double InProcessStepSeconds, double MaxLossDifference);

    private static readonly Case[] Cases = [new("tiny", 300, 20), new("small", 200, 10)];
    private static readonly string[] Domains = ["domain-01", "domain-02", "domain-03"];
    private static readonly double[] Mixture = [0.5, 0.3, 0.2];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var threads = int.Parse(BenchmarkArgs.Value(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
        var repeats = int.Parse(BenchmarkArgs.Value(args, "--repeats") ?? "2", CultureInfo.InvariantCulture);
        var root = BenchmarkEnvironment.RepositoryRoot();
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));
        var work = Directory.CreateTempSubdirectory("scalingapi-sweep-overhead-").FullName;
        var corporaRoot = Path.Combine(work, "corpora");
        var checkpoints = Path.Combine(work, "checkpoints");
        var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        try
        {
            SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(Path.Combine(corporaRoot, "synthetic"), Domains.Length,
                DocumentsPerDomain: 300, DocumentLength: 2000, Seed: 11));
            using var host = BenchmarkHost.Start(root, work, key, new Dictionary<string, string>
            {
                ["Corpora__Roots__0"] = corporaRoot,
                ["Sweeps__CheckpointDirectory"] = checkpoints,
                ["Sweeps__Local__Environment__OMP_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture),
            });
            using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            await BenchmarkHost.WaitForHealthAsync(http);
            var experiment = await CreateExperimentAsync(http);
            var files = ResolveCorpusFiles(corporaRoot);

            var measurements = new List<Measurement>();
            foreach (var c in Cases)
            for (var r = 0; r < repeats; r++)
            {
                // Interleaved (service run, then in-process run) so that load from other processes hits both alike.
                var sweep = await RunSweepAsync(http, experiment, c);
                var run = sweep.Runs.Single();
                var overhead = OverheadSummary.Read(RunCheckpointPaths.RunDirectory(checkpoints, sweep.Id, run.RunId))
                               ?? throw new InvalidOperationException($"sweep {sweep.Id}: the worker wrote no {OverheadSummary.FileName}");
                var serviceLosses = await FinalLossesAsync(http, experiment, run.RunName, sweep.Steps);
                var (seconds, stepSeconds, losses) = TrainInProcess(sweep, run, files, threads, Path.Combine(work, $"in-process-{sweep.Id}"));
                var difference = Domains.Max(d => Math.Abs(losses[d] - serviceLosses[d]));
                measurements.Add(new Measurement(c, r, run, overhead, seconds, stepSeconds, difference));
                Console.WriteLine($"{c.Preset} rep {r}: service run {overhead.RunSeconds:F2} s (posting {overhead.PostingSeconds:F3} s × {overhead.Checkpoints}, " +
                                  $"heartbeats {overhead.HeartbeatSeconds:F3} s × {overhead.Heartbeats}), in-process {seconds:F2} s, final-loss difference {difference:E1}");
            }

            var path = Path.Combine(root, "tests", "benchmarks", "results", "sweep-overhead.md");
            await File.WriteAllTextAsync(path, Report(machine, threads, repeats, measurements));
            Console.WriteLine($"wrote {path}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<long> CreateExperimentAsync(HttpClient http)
    {
        var body = new { name = "sweep-overhead-bench", domains = Domains.Select(d => new { name = d, corpus = $"synthetic/{d}" }).ToArray() };
        var created = await BenchmarkHost.PostAsync(http, "/api/experiments", JsonSerializer.Serialize(body));
        return JsonDocument.Parse(created).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>The files the service hands the worker for each domain (same resolver, same order).</summary>
    private static IReadOnlyList<IReadOnlyList<string>> ResolveCorpusFiles(string corporaRoot)
    {
        var resolver = new CorpusReferenceResolver(new CorporaOptions { Roots = [corporaRoot] });
        return Domains.Select(d => (IReadOnlyList<string>)resolver.Resolve($"synthetic/{d}").Files).ToArray();
    }

    private static async Task<SweepResponse> RunSweepAsync(HttpClient http, long experiment, Case c)
    {
        var request = new
        {
            name = $"{c.Preset}-{Guid.NewGuid():N}"[..16],
            mixtures = new[] { new { mixture = Domains.Zip(Mixture).ToDictionary(p => p.First, p => p.Second) } },
            model = new { preset = c.Preset },
            steps = c.Steps,
            checkpoints = new { count = c.Checkpoints, spacing = "linear" },
            seed = 1,
            executor = "local",
        };
        var accepted = JsonSerializer.Deserialize<SweepResponse>(
            await BenchmarkHost.PostAsync(http, $"/api/experiments/{experiment}/sweeps", JsonSerializer.Serialize(request)), Json)!;
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            var sweep = JsonSerializer.Deserialize<SweepResponse>(await http.GetStringAsync($"/api/sweeps/{accepted.Id}"), Json)!;
            if (sweep.Status == "completed") return sweep;
            if (sweep.Status is "failed" or "cancelled")
                throw new InvalidOperationException($"sweep {sweep.Id} {sweep.Status}: {sweep.Runs.FirstOrDefault()?.LastError}");
        }
        throw new TimeoutException($"sweep {accepted.Id} did not finish in 20 minutes");
    }

    private static async Task<Dictionary<string, double>> FinalLossesAsync(HttpClient http, long experiment, string run, int step)
    {
        var items = JsonSerializer.Deserialize<List<ObservationItem>>(
            await http.GetStringAsync($"/api/experiments/{experiment}/observations?run={Uri.EscapeDataString(run)}"), Json)!;
        return items.Where(o => o.Step == step).ToDictionary(o => o.Domain, o => o.Loss);
    }

    /// <summary>
    /// The same run without the service: the lease the worker got, turned into trainer options by the worker's own
    /// factory, corpus loaded by the worker's loader (not timed, as the worker's run time starts after it too).
    /// </summary>
    private static (double Seconds, double StepSeconds, IReadOnlyDictionary<string, double> FinalLosses) TrainInProcess(
        SweepResponse sweep, SweepRunResponse run, IReadOnlyList<IReadOnlyList<string>> files, int threads, string runDirectory)
    {
        var domains = Domains.Select((d, i) => new LeaseDomain(d, run.Mixture[d], files[i])).ToArray();
        var lease = new Lease(Guid.Empty, sweep.Id, sweep.ExperimentId, run.RunId, run.RunName, run.TaskIndex, 1, sweep.Tokenizer,
            domains, sweep.Model, sweep.Steps, sweep.CheckpointSteps, sweep.Seed, HeartbeatSeconds: 10, DateTimeOffset.MaxValue);
        var tokenizer = TokenizerCatalog.Get(lease.Tokenizer);
        var settings = new WorkerSettings(new Uri("http://unused"), null, sweep.Id.ToString(CultureInfo.InvariantCulture), null, runDirectory,
            "in-process", Threads: threads);
        var options = TrainingOptionsFactory.Create(lease, tokenizer.VocabularySize, settings, runDirectory);
        var tokens = CorpusLoader.Load(domains, tokenizer, options.Model.Context + 1);
        var trainer = new ProxyTrainer(options, tokens, domains.Select(d => d.Proportion).ToArray());
        var clock = Stopwatch.StartNew();
        var result = trainer.Run();
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, result.TrainSeconds, result.Evaluations.Single(e => e.Step == sweep.Steps).DomainLoss);
    }

    private static string Report(string machine, int threads, int repeats, IReadOnlyList<Measurement> rows)
    {
        string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);
        var report = new StringBuilder()
            .AppendLine("# Service overhead per checkpoint in proxy sweeps (issue 4, item 6)")
            .AppendLine()
            .AppendLine($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- sweep-overhead --threads {threads} --repeats {repeats}`")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine()
            .AppendLine("## Setup")
            .AppendLine()
            .AppendLine("- The real service (ScalingApi.Host, Release, `dotnet run`) on a free loopback port with a temporary SQLite database, corpora root and checkpoint directory; default sweep settings (heartbeat every 10/3 s, local executor, 1 worker).")
            .AppendLine("- Corpus: `SyntheticCorpusGenerator`, 3 domains × 300 documents × 2,000 bytes (Markov text, seed 11), byte tokenizer; mixture 0.5 / 0.3 / 0.2.")
            .AppendLine($"- Each run is a one-run sweep (`POST /api/experiments/{{id}}/sweeps`, executor `local`) trained by the real worker CLI (child process of the host, `OMP_NUM_THREADS={threads}`). Its figures come from the `overhead.json` the worker writes into the run's checkpoint directory: run time = training start to last event (evaluations and checkpoint saves included, corpus loading excluded), posting = wall time of the per-checkpoint `POST …/observations` requests, heartbeats = wall time of the heartbeat requests, complete = the final lease-complete request.")
            .AppendLine($"- Peer (no service): `ProxyTrainer.Run` in the benchmark process with the options the worker's own `TrainingOptionsFactory` builds for that lease (same files, hold-out, seed, checkpoint saving every steps/10), `Threads = {threads}`; run right after each service run (interleaved). Same seed ⇒ same losses: the last column checks that both sides trained the same thing.")
            .AppendLine()
            .AppendLine("## Overhead per run (worker's own accounting)")
            .AppendLine()
            .AppendLine("| preset | steps | checkpoints | run time (s) | training steps (s) | posting (s, n) | heartbeats (s, n) | complete (s) | overhead (s) | **share of run time** | posting per checkpoint (ms) | overhead per checkpoint (ms) |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in rows)
        {
            var o = m.Overhead;
            var overhead = o.PostingSeconds + o.HeartbeatSeconds + o.CompleteSeconds;
            report.AppendLine($"| {m.Case.Preset} | {o.Steps} | {o.Checkpoints} | {F(o.RunSeconds, "F2")} | {F(o.TrainingStepSeconds, "F2")} | " +
                              $"{F(o.PostingSeconds, "F3")} ({o.Checkpoints}) | {F(o.HeartbeatSeconds, "F3")} ({o.Heartbeats}) | {F(o.CompleteSeconds, "F3")} | " +
                              $"{F(overhead, "F3")} | **{F(100 * overhead / o.RunSeconds, "F2")} %** | {F(1000 * o.PostingSeconds / o.Checkpoints, "F1")} | " +
                              $"{F(1000 * overhead / o.Checkpoints, "F1")} |");
        }
        report.AppendLine()
            .AppendLine("Posting and heartbeats run beside training (the trainer has its own thread), so their wall time is an upper bound on what they take from the run; the lease-complete request comes after training and adds to it.")
            .AppendLine()
            .AppendLine("## End to end: with the service vs the same training in-process")
            .AppendLine()
            .AppendLine("| preset | rep | in-process run (s) | in-process training steps (s) | service run time (s) | **ratio service / in-process** | service lease → finished (s) | max \\|Δ final loss\\| |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var m in rows)
        {
            var lease = m.Run.StartedAt is { } s && m.Run.FinishedAt is { } f ? F((f - s).TotalSeconds, "F2") : "n/a";
            report.AppendLine($"| {m.Case.Preset} | {m.Repeat + 1} | {F(m.InProcessSeconds, "F2")} | {F(m.InProcessStepSeconds, "F2")} | {F(m.Overhead.RunSeconds + m.Overhead.CompleteSeconds, "F2")} | " +
                              $"**{F((m.Overhead.RunSeconds + m.Overhead.CompleteSeconds) / m.InProcessSeconds, "F3")}** | {lease} | {F(m.MaxLossDifference, "E1")} |");
        }
        report.AppendLine()
            .AppendLine("Service run time = the worker's run time plus the lease-complete request (what the service adds to the same training). " +
                        "\"Lease → finished\" is the service's own record of the run (lease granted to lease completed), which also contains the worker's corpus loading; " +
                        "worker process start-up (runtime, TorchSharp load) comes before the lease and is in neither figure. " +
                        "On a shared machine the ratio of two back-to-back runs also carries the change in other processes' load between them " +
                        "(compare the training-step times in both tables, which contain no service work at all); " +
                        "the overhead table measures the service's share directly and is the figure to quote.");
        foreach (var preset in rows.Select(r => r.Case.Preset).Distinct())
        {
            var mine = rows.Where(r => r.Case.Preset == preset).ToArray();
            var share = mine.Select(m => (m.Overhead.PostingSeconds + m.Overhead.HeartbeatSeconds + m.Overhead.CompleteSeconds) / m.Overhead.RunSeconds).Order().ToArray();
            var ratio = mine.Select(m => (m.Overhead.RunSeconds + m.Overhead.CompleteSeconds) / m.InProcessSeconds).Order().ToArray();
            report.AppendLine().Append($"- **{preset}**: overhead share of run time {string.Join(" / ", share.Select(x => F(100 * x, "F2") + " %"))}; " +
                                       $"end-to-end ratio {string.Join(" / ", ratio.Select(x => F(x, "F3")))}.");
        }
        return report.AppendLine().ToString();
    }
}
