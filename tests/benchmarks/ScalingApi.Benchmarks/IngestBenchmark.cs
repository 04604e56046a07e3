using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `ingest`: wall time of one <c>POST /api/experiments/{id}/observations</c> carrying 100,000 points
/// (5 runs × 5,000 steps × 4 domains), as CSV and as JSON, into a fresh experiment (all inserts) and
/// re-posted (all unchanged), through real HTTP against a real host and SQLite file. Peer: the floor
/// of the same insert with Python's sqlite3 <c>executemany</c> in one transaction (no HTTP, no
/// parsing, no validation), same schema, same run. Target (issue 2): well under 2 s.
/// The host is started from the repository (Release) on a free port with a temporary database,
/// unless <c>--url</c> and <c>--key</c> point at a running one. Options: --reps N (default 5),
/// --note "other work running", --baseline-root DIR (another checkout, e.g. <c>git archive main | tar -x -C DIR</c>:
/// its host is started too and measured in the same run, the two hosts taking turns on every repeat, so a change is
/// compared before/after under the same load). Writes tests/benchmarks/results/ingest.md.
/// </summary>
internal static class IngestBenchmark
{
    private const int Runs = 5, Steps = 5_000;
    private static readonly string[] Domains = ["a", "b", "c", "d"];
    private const int Points = Runs * Steps * 4;
    private const int WarmUpRounds = 2; // JIT tiering and the connection pool

    public static async Task<int> RunAsync(string[] args)
    {
        var reps = int.Parse(BenchmarkArgs.Value(args, "--reps") ?? "5", CultureInfo.InvariantCulture);
        var root = BenchmarkEnvironment.RepositoryRoot();
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));
        var dataDir = Directory.CreateTempSubdirectory("scalingapi-ingest-").FullName;
        var key = BenchmarkArgs.Value(args, "--key") ?? Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var url = BenchmarkArgs.Value(args, "--url");
        var baselineRoot = BenchmarkArgs.Value(args, "--baseline-root");
        using var host = url is null ? BenchmarkHost.Start(root, dataDir, key) : null;
        using var baselineHost = baselineRoot is null ? null : BenchmarkHost.Start(Path.GetFullPath(baselineRoot), dataDir, key,
            new Dictionary<string, string> { ["Storage__DatabasePath"] = Path.Combine(dataDir, "baseline.db") });
        using var http = Client(url ?? host!.Url, key);
        using var baselineHttp = baselineHost is null ? null : Client(baselineHost.Url, key);
        var hosts = new List<(string Label, HttpClient Http)> { ("", http) };
        if (baselineHttp is not null) hosts.Add(("baseline checkout: ", baselineHttp));
        try
        {
            foreach (var (_, client) in hosts) await BenchmarkHost.WaitForHealthAsync(client);
            var csv = Csv();
            var json = Json();
            var results = new List<(string Case, double Median, double Min)>();
            var formats = new[] { ("CSV", csv, "text/csv"), ("JSON", json, "application/json") };
            var fresh = formats.Select(_ => hosts.Select(_ => new List<double>()).ToList()).ToList();
            var repeat = formats.Select(_ => hosts.Select(_ => new List<double>()).ToList()).ToList();
            // formats and hosts take turns within every round, so neither the JIT warming the shared ingest code
            // (it favoured whichever format ran second) nor load drifts on a shared machine favour one of them
            for (var k = 0; k < reps + WarmUpRounds; k++)
            for (var f = 0; f < formats.Length; f++)
            for (var h = 0; h < hosts.Count; h++)
            {
                var (_, body, type) = formats[f];
                var experiment = await NewExperiment(hosts[h].Http);
                var first = await Post(hosts[h].Http, experiment, body, type);
                var second = await Post(hosts[h].Http, experiment, body, type);
                if (k < WarmUpRounds) continue;
                fresh[f][h].Add(first);
                repeat[f][h].Add(second);
            }
            for (var f = 0; f < formats.Length; f++)
            {
                var (name, body, _) = formats[f];
                for (var h = 0; h < hosts.Count; h++)
                {
                    results.Add(($"{hosts[h].Label}{name}, {body.Length / 1e6:F1} MB, all inserted", Timing.Median(fresh[f][h]), fresh[f][h].Min()));
                    results.Add(($"{hosts[h].Label}{name}, {body.Length / 1e6:F1} MB, re-posted (all unchanged)", Timing.Median(repeat[f][h]), repeat[f][h].Min()));
                    Console.WriteLine($"{hosts[h].Label}{name}: insert median {Timing.Median(fresh[f][h]):F3} s, re-post median {Timing.Median(repeat[f][h]):F3} s");
                }
            }
            var peer = PythonFloor(dataDir, reps);
            Console.WriteLine($"Python sqlite3 executemany floor: {peer:F3} s");

            var report = new StringBuilder()
                .AppendLine("# Observation ingest benchmark (100,000 points in one request)")
                .AppendLine()
                .AppendLine($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- ingest --reps {reps}{(baselineRoot is null ? "" : " --baseline-root <checkout>")}`")
                .AppendLine()
                .AppendLine(machine)
                .AppendLine()
                .AppendLine("| Case | Median (s) | Best (s) | vs Python floor |")
                .AppendLine("|---|---|---|---|");
            foreach (var r in results)
                report.AppendLine(CultureInfo.InvariantCulture, $"| {r.Case} | {r.Median:F3} | {r.Min:F3} | {r.Median / peer:F2}× |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| Python sqlite3 executemany, one transaction, no HTTP/parsing/validation (peer floor) | {peer:F3} | | 1× |")
                .AppendLine()
                .AppendLine("Times are client-side wall time of the whole HTTP request (upload, parse, validate, one transaction, response). Target: well under 2 s.");
            var path = Path.Combine(root, "tests", "benchmarks", "results", "ingest.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, report.ToString());
            Console.WriteLine($"wrote {path}");
            return 0;
        }
        finally
        {
            host?.Dispose();
            baselineHost?.Dispose();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private static HttpClient Client(string url, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static async Task<long> NewExperiment(HttpClient http)
    {
        var experiment = new { name = "ingest-bench", domains = Domains.Select(d => new { name = d }).ToArray() };
        var created = await BenchmarkHost.PostAsync(http, "/api/experiments", JsonSerializer.Serialize(experiment), "application/json");
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetInt64();
        for (var r = 0; r < Runs; r++)
        {
            var run = new { name = $"r{r}", mixture = Domains.ToDictionary(d => d, _ => 0.25) };
            await BenchmarkHost.PostAsync(http, $"/api/experiments/{id}/runs", JsonSerializer.Serialize(run), "application/json");
        }
        return id;
    }

    private static async Task<double> Post(HttpClient http, long experiment, string body, string contentType)
    {
        var clock = Stopwatch.StartNew();
        await BenchmarkHost.PostAsync(http, $"/api/experiments/{experiment}/observations", body, contentType);
        return clock.Elapsed.TotalSeconds;
    }

    private static IEnumerable<(string Run, int Step, string Domain, double Loss)> Observations() =>
        from r in Enumerable.Range(0, Runs)
        from s in Enumerable.Range(1, Steps)
        from d in Domains
        select ($"r{r}", s, d, 2.0 + 8.0 * Math.Pow(s, -0.3) + 0.01 * r);

    private static string Csv()
    {
        var csv = new StringBuilder("run,step,domain,loss\n");
        foreach (var o in Observations()) csv.Append(CultureInfo.InvariantCulture, $"{o.Run},{o.Step},{o.Domain},{o.Loss:R}\n");
        return csv.ToString();
    }

    private static string Json() =>
        JsonSerializer.Serialize(Observations().Select(o => new { run = o.Run, step = o.Step, domain = o.Domain, loss = o.Loss }));

    /// <summary>Median seconds of Python's sqlite3 inserting the same 100k rows into the same table layout, one transaction.</summary>
    private static double PythonFloor(string dataDir, int reps)
    {
        const string script = """
            import sqlite3, sys, time, os
            path, reps = sys.argv[1], int(sys.argv[2])
            rows = [(r, s, d, 2.0 + 8.0 * s ** -0.3 + 0.01 * r) for r in range(5) for s in range(1, 5001) for d in range(4)]
            times = []
            for k in range(reps + 1):
                if os.path.exists(path): os.remove(path)
                con = sqlite3.connect(path, isolation_level=None)
                con.execute("PRAGMA journal_mode=WAL"); con.execute("PRAGMA synchronous=NORMAL")
                con.execute("CREATE TABLE observations (run_id INTEGER NOT NULL, step INTEGER NOT NULL CHECK (step > 0), domain_id INTEGER NOT NULL, loss REAL NOT NULL CHECK (loss > 0), PRIMARY KEY (run_id, step, domain_id)) WITHOUT ROWID")
                t = time.perf_counter()
                con.execute("BEGIN IMMEDIATE")
                con.executemany("INSERT INTO observations VALUES (?, ?, ?, ?)", rows)
                con.execute("COMMIT")
                if k: times.append(time.perf_counter() - t)
                con.close()
            times.sort()
            print(times[len(times) // 2])
            """;
        var start = new ProcessStartInfo(BenchmarkEnvironment.PeerPython, ["-c", script, Path.Combine(dataDir, "peer.db"), reps.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
