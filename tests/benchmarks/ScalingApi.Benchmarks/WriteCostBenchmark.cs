using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `write-cost` (issue 13): latency of a 10-point <c>POST …/observations</c> into a run already holding
/// 0, 100k, 300k and 1M rows (filled through the API in 100k-point posts), the latency of
/// <c>GET …/observations?run=small</c> next to the 1M-row run, and concurrent writers (small writes into
/// their own runs while bulk posts go into the large run) counting every status. Peer: the same steps
/// against another checkout's service (<c>--baseline-root DIR</c>, e.g. main exported with
/// <c>git archive main</c>), started the same way in the same invocation; --root DIR measures another copy of this
/// checkout (e.g. the committed HEAD exported, so edits in progress do not disturb the run). Options: --reps N (10-point
/// writes per size, default 20), --sizes 0,100000,…, --concurrent-seconds S (default 20), --note "…".
/// Writes tests/benchmarks/results/write-cost.md.
/// </summary>
internal static class WriteCostBenchmark
{
    private static readonly string[] Domains = ["a", "b", "c", "d"];
    private const int FillStepsPerPost = 25_000; // × 4 domains = 100k points per fill request

    private sealed record Result(string Label, List<(int Rows, double MedianMs, double MaxMs)> Writes, double SmallRunReadMs,
        Dictionary<int, int> ConcurrentStatuses, int ConcurrentWrites, double ConcurrentP99Ms, double ConcurrentMaxMs, long HostRssMb);

    public static async Task<int> RunAsync(string[] args)
    {
        var reps = int.Parse(BenchmarkArgs.Value(args, "--reps", "20"), CultureInfo.InvariantCulture);
        var sizes = BenchmarkArgs.Value(args, "--sizes", "0,100000,300000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var concurrentSeconds = double.Parse(BenchmarkArgs.Value(args, "--concurrent-seconds", "20"), CultureInfo.InvariantCulture);
        var root = BenchmarkEnvironment.RepositoryRoot();
        var baselineRoot = BenchmarkArgs.Value(args, "--baseline-root");
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));

        var results = new List<Result>();
        if (baselineRoot is not null) results.Add(await Measure("before (baseline checkout)", Path.GetFullPath(baselineRoot), sizes, reps, concurrentSeconds));
        results.Add(await Measure("after (this checkout)", Path.GetFullPath(BenchmarkArgs.Value(args, "--root", root)), sizes, reps, concurrentSeconds));

        var report = new StringBuilder()
            .AppendLine("# Write cost against stored rows (issue 13)")
            .AppendLine()
            .AppendLine($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- write-cost {string.Join(' ', args)}`")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine()
            .AppendLine("## 10-point write latency (client wall time of the HTTP request, median and worst of " + reps + ")")
            .AppendLine()
            .Append("| Rows stored in the run |").AppendJoin("", results.Select(r => $" {r.Label}: median / worst (ms) |")).AppendLine(results.Count == 2 ? " before ÷ after |" : "")
            .Append("|---|").AppendJoin("", results.Select(_ => "---|")).AppendLine(results.Count == 2 ? "---|" : "");
        for (var i = 0; i < sizes.Length; i++)
        {
            report.Append(CultureInfo.InvariantCulture, $"| {sizes[i]:N0} |");
            foreach (var r in results) report.Append(CultureInfo.InvariantCulture, $" {r.Writes[i].MedianMs:F1} / {r.Writes[i].MaxMs:F1} |");
            if (results.Count == 2) report.Append(CultureInfo.InvariantCulture, $" {results[0].Writes[i].MedianMs / results[1].Writes[i].MedianMs:F1}× |");
            report.AppendLine();
        }
        report.AppendLine()
            .AppendLine($"## Reads and concurrent writers (largest run: {sizes.Max():N0} rows)")
            .AppendLine()
            .AppendLine("| | " + string.Join(" | ", results.Select(r => r.Label)) + " |")
            .AppendLine("|---|" + string.Concat(results.Select(_ => "---|")))
            .AppendLine("| `GET …/observations?run=small` (40 rows), median ms | " + string.Join(" | ", results.Select(r => r.SmallRunReadMs.ToString("F1", CultureInfo.InvariantCulture))) + " |")
            .AppendLine($"| concurrent: writes in {concurrentSeconds:F0} s (4 small writers + 1 bulk writer) | " + string.Join(" | ", results.Select(r => r.ConcurrentWrites.ToString(CultureInfo.InvariantCulture))) + " |")
            .AppendLine("| concurrent: statuses | " + string.Join(" | ", results.Select(r => string.Join(", ", r.ConcurrentStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")))) + " |")
            .AppendLine("| concurrent: small write p99 / worst (ms) | " + string.Join(" | ", results.Select(r => $"{r.ConcurrentP99Ms:F0} / {r.ConcurrentMaxMs:F0}")) + " |")
            .AppendLine("| host resident memory after the run (MB) | " + string.Join(" | ", results.Select(r => r.HostRssMb.ToString(CultureInfo.InvariantCulture))) + " |")
            .AppendLine()
            .AppendLine("Each service ran alone (one after the other) with its own temporary database, synchronous = FULL, default busy timeout (5 s).");
        var path = Path.Combine(root, "tests", "benchmarks", "results", "write-cost.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    private static async Task<Result> Measure(string label, string root, int[] sizes, int reps, double concurrentSeconds)
    {
        Console.WriteLine($"== {label}: {root}");
        var dataDir = Directory.CreateTempSubdirectory("scalingapi-write-cost-").FullName;
        var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var host = BenchmarkHost.Start(root, dataDir, key);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        try
        {
            await BenchmarkHost.WaitForHealthAsync(http);
            var experiment = await NewExperiment(http, ["large", "small", "w0", "w1", "w2", "w3"]);
            var url = $"/api/experiments/{experiment}/observations";
            await BenchmarkHost.PostAsync(http, url, Csv("small", 1, 10), "text/csv");

            var writes = new List<(int, double, double)>();
            var stored = 0;
            var nextStep = 1;
            foreach (var size in sizes.Order())
            {
                while (stored < size)
                {
                    var steps = Math.Min(FillStepsPerPost, (size - stored) / Domains.Length);
                    await BenchmarkHost.PostAsync(http, url, Csv("large", nextStep, steps), "text/csv");
                    nextStep += steps;
                    stored += steps * Domains.Length;
                }
                var times = new List<double>();
                for (var k = 0; k < reps + 2; k++) // two warm-up writes per size
                {
                    // 10 points: steps nextStep.. with 4 domains, cut to 10 — new keys at the end of the run
                    var body = Csv("large", nextStep, 3, limit: 10);
                    nextStep += 3;
                    var clock = Stopwatch.StartNew();
                    await BenchmarkHost.PostAsync(http, url, body, "text/csv");
                    if (k >= 2) times.Add(clock.Elapsed.TotalMilliseconds);
                    stored += 10;
                }
                writes.Add((size, Timing.Median(times), times.Max()));
                Console.WriteLine($"{size,9:N0} rows: 10-point write median {Timing.Median(times):F1} ms, worst {times.Max():F1} ms");
            }

            var reads = new List<double>();
            for (var k = 0; k < 12; k++)
            {
                var clock = Stopwatch.StartNew();
                (await http.GetAsync(url + "?run=small")).EnsureSuccessStatusCode();
                if (k >= 2) reads.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"GET ?run=small median {Timing.Median(reads):F1} ms");

            var (statuses, count, p99, max) = await Concurrent(http, url, nextStep, concurrentSeconds);
            Console.WriteLine($"concurrent: {count} writes, statuses {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}, p99 {p99:F0} ms, worst {max:F0} ms");
            return new Result(label, writes, Timing.Median(reads), statuses, count, p99, max, host.ResidentMegabytes());
        }
        finally
        {
            host.Dispose();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>4 writers post 10 points each into their own runs in a loop while one posts 100k-point batches into the large run.</summary>
    private static async Task<(Dictionary<int, int>, int, double, double)> Concurrent(HttpClient http, string url, int largeStep, double seconds)
    {
        var statuses = new Dictionary<int, int>();
        var latencies = new List<double>();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        async Task Writer(string run, int firstStep, int stepsPerPost, bool timed)
        {
            for (var step = firstStep; DateTime.UtcNow < until; step += stepsPerPost)
            {
                using var content = new StringContent(Csv(run, step, stepsPerPost, limit: timed ? 10 : int.MaxValue), Encoding.UTF8, "text/csv");
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync(url, content);
                var ms = clock.Elapsed.TotalMilliseconds;
                lock (statuses)
                {
                    statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                    if (timed) latencies.Add(ms);
                }
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) await Task.Delay(100);
            }
        }
        var writers = Enumerable.Range(0, 4).Select(w => Writer($"w{w}", 1, 3, timed: true)).Append(Writer("large", largeStep, FillStepsPerPost, timed: false));
        await Task.WhenAll(writers);
        latencies.Sort();
        return (statuses, statuses.Values.Sum(), latencies.Count == 0 ? 0 : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(0.99 * latencies.Count) - 1)], latencies.LastOrDefault());
    }

    private static async Task<long> NewExperiment(HttpClient http, string[] runs)
    {
        var experiment = new { name = "write-cost", domains = Domains.Select(d => new { name = d }).ToArray() };
        var id = JsonDocument.Parse(await BenchmarkHost.PostAsync(http, "/api/experiments", JsonSerializer.Serialize(experiment))).RootElement.GetProperty("id").GetInt64();
        foreach (var run in runs)
            await BenchmarkHost.PostAsync(http, $"/api/experiments/{id}/runs", JsonSerializer.Serialize(new { name = run, mixture = Domains.ToDictionary(d => d, _ => 0.25) }));
        return id;
    }

    /// <summary>run,step,domain,loss rows for steps firstStep.. (every domain), at most <paramref name="limit"/> rows.</summary>
    private static string Csv(string run, int firstStep, int steps, int limit = int.MaxValue)
    {
        var csv = new StringBuilder("run,step,domain,loss\n");
        var rows = 0;
        for (var s = firstStep; s < firstStep + steps; s++)
            foreach (var d in Domains)
            {
                if (rows++ == limit) return csv.ToString();
                csv.Append(CultureInfo.InvariantCulture, $"{run},{s},{d},{2.0 + 8.0 * Math.Pow(s, -0.3):R}\n");
            }
        return csv.ToString();
    }
}
