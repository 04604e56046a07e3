using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScalingApi.Laws.BiMix;

namespace ScalingApi.Benchmarks;

/// <summary>
/// `predictions` (issue 14): requests/s of <c>POST /api/fits/{id}/predictions</c> with a one-point body against
/// <c>GET /health</c> on the same server, under <c>wrk -t2 -c16 -d10s</c> (target: ≥ 0.5× /health), on a 7-domain fit
/// (4 mixtures × 20 checkpoints) with 200 bootstrap sets; also a 100-point body (wrk and sequential latency).
/// Peer: another checkout's service (<c>--baseline-root DIR</c>, e.g. main exported with <c>git archive main</c>) measured
/// the same way in the same invocation; <c>--root DIR</c> measures another copy of this checkout (e.g. the committed HEAD
/// exported). Needs <c>wrk</c> on PATH (Debian package wrk). Options: --duration S (default 10), --repeats N
/// (health / 1-point rounds, interleaved, default 2), --note "…". Writes tests/benchmarks/results/predictions.md.
/// </summary>
internal static class PredictionsBenchmark
{
    private const int Domains = 7;

    private sealed record WrkRun(double RequestsPerSecond, string Latency, long Requests, long Errors);

    private sealed record Result(string Label, List<WrkRun> Health, List<WrkRun> OnePoint, WrkRun HundredPoints, double HundredPointMedianMs, double FitSeconds);

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = int.Parse(BenchmarkArgs.Value(args, "--duration", "10"), CultureInfo.InvariantCulture);
        var repeats = int.Parse(BenchmarkArgs.Value(args, "--repeats", "2"), CultureInfo.InvariantCulture);
        var root = BenchmarkEnvironment.RepositoryRoot();
        var baselineRoot = BenchmarkArgs.Value(args, "--baseline-root");
        var machine = BenchmarkEnvironment.MachineMarkdown(BenchmarkArgs.Value(args, "--note"));

        var results = new List<Result>();
        if (baselineRoot is not null) results.Add(await Measure("before (baseline checkout)", Path.GetFullPath(baselineRoot), root, duration, repeats));
        results.Add(await Measure("after (this checkout)", Path.GetFullPath(BenchmarkArgs.Value(args, "--root", root)), root, duration, repeats));

        var report = Markdown(args, machine, duration, results);
        var path = Path.Combine(root, "tests", "benchmarks", "results", "predictions.md");
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine(report);
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    private static async Task<Result> Measure(string label, string serviceRoot, string root, int duration, int repeats)
    {
        Console.WriteLine($"== {label}: {serviceRoot}");
        BuildRelease(serviceRoot); // before starting, so the health wait does not time out on a slow build
        var dataDir = Directory.CreateTempSubdirectory("scalingapi-predictions-").FullName;
        var key = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var host = BenchmarkHost.Start(serviceRoot, dataDir, key);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        try
        {
            await BenchmarkHost.WaitForHealthAsync(http);
            var (fitId, fitSeconds, names, mixtures) = await CreateFit(http);
            var url = $"{host.Url}/api/fits/{fitId}/predictions";
            var onePoint = BodyFile(dataDir, "one.json", names, mixtures.Take(1), 1);
            var hundred = BodyFile(dataDir, "hundred.json", names, mixtures, 100);
            var script = Path.Combine(root, "tests", "benchmarks", "peers", "wrk-post.lua");

            var times = new List<double>();
            var hundredBody = await File.ReadAllTextAsync(hundred);
            for (var k = 0; k < 22; k++) // two warm-up requests
            {
                var clock = Stopwatch.StartNew();
                await BenchmarkHost.PostAsync(http, url, hundredBody);
                if (k >= 2) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            await BenchmarkHost.PostAsync(http, url, await File.ReadAllTextAsync(onePoint));

            var health = new List<WrkRun>();
            var one = new List<WrkRun>();
            for (var r = 0; r < repeats; r++)
            {
                health.Add(Wrk($"{host.Url}/health", duration, null, null, key));
                one.Add(Wrk(url, duration, script, onePoint, key));
                Console.WriteLine($"round {r + 1}: /health {health[^1].RequestsPerSecond:F0} req/s, 1-point {one[^1].RequestsPerSecond:F0} req/s");
            }
            var hundredRun = Wrk(url, duration, script, hundred, key);
            Console.WriteLine($"100-point: {hundredRun.RequestsPerSecond:F0} req/s; sequential median {Timing.Median(times):F2} ms");
            return new Result(label, health, one, hundredRun, Timing.Median(times), fitSeconds);
        }
        finally
        {
            host.Dispose();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The issue's fit: 7 domains, 4 mixtures × 20 checkpoints (10k..200k steps), 0.1 % noise, bootstrap 200.</summary>
    private static async Task<(long FitId, double Seconds, IReadOnlyList<string> Domains, double[][] Mixtures)> CreateFit(HttpClient http)
    {
        var truth = BiMixSimulator.RandomLaws(Domains, seed: 107);
        var mixtures = BiMixSimulator.RandomMixtures(Domains, 4, seed: 207);
        var data = BiMixSimulator.Generate(truth, mixtures, Enumerable.Range(1, 20).Select(k => k * 10_000.0).ToArray(), relativeNoise: 1e-3, seed: 307);
        var names = data.Domains;
        var experiment = new { name = "predictions-bench", domains = names.Select(d => new { name = d }).ToArray(), tokensPerStep = 65536 };
        var id = JsonDocument.Parse(await BenchmarkHost.PostAsync(http, "/api/experiments", JsonSerializer.Serialize(experiment))).RootElement.GetProperty("id").GetInt64();
        foreach (var run in data.Runs)
            await BenchmarkHost.PostAsync(http, $"/api/experiments/{id}/runs",
                JsonSerializer.Serialize(new { name = run.Name, mixture = names.Select((d, i) => (d, run.Proportions[i])).ToDictionary(x => x.d, x => x.Item2) }));
        var csv = new StringBuilder("run,step,domain,loss\n");
        foreach (var o in data.Observations)
            csv.Append(CultureInfo.InvariantCulture, $"{data.Runs[o.Run].Name},{o.Step:R},{names[o.Domain]},{o.Loss:R}\n");
        await BenchmarkHost.PostAsync(http, $"/api/experiments/{id}/observations", csv.ToString(), "text/csv");
        var clock = Stopwatch.StartNew();
        var fit = await BenchmarkHost.PostAsync(http, $"/api/experiments/{id}/fits", """{"law":"bimix","bootstrap":200,"seed":1}""");
        return (JsonDocument.Parse(fit).RootElement.GetProperty("id").GetInt64(), clock.Elapsed.TotalSeconds, names,
            data.Runs.Select(r => r.Proportions.ToArray()).ToArray());
    }

    /// <summary>A predictions body of <paramref name="points"/> points cycling through the mixtures and steps 50k..500k.</summary>
    private static string BodyFile(string dir, string name, IReadOnlyList<string> names, IEnumerable<double[]> mixtures, int points)
    {
        var list = mixtures.ToList();
        var body = new
        {
            points = Enumerable.Range(0, points).Select(k => new
            {
                steps = 50_000.0 * (1 + k % 10),
                mixture = names.Select((d, i) => (d, list[k % list.Count][i])).ToDictionary(x => x.d, x => x.Item2),
            }).ToArray(),
        };
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, JsonSerializer.Serialize(body));
        return path;
    }

    private static WrkRun Wrk(string url, int duration, string? script, string? bodyFile, string key)
    {
        var start = new ProcessStartInfo("wrk", script is null
            ? ["-t2", "-c16", $"-d{duration}s", "--latency", url]
            : ["-t2", "-c16", $"-d{duration}s", "--latency", "-s", script, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (bodyFile is not null) start.Environment["WRK_BODY_FILE"] = bodyFile;
        start.Environment["WRK_API_KEY"] = key;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {output}");
        double Number(string pattern) => double.Parse(Regex.Match(output, pattern).Groups[1].Value, CultureInfo.InvariantCulture);
        Console.WriteLine(output);
        var errors = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        if (socketErrors.Success) errors += Enumerable.Range(1, 4).Sum(g => long.Parse(socketErrors.Groups[g].Value, CultureInfo.InvariantCulture));
        var latency = Regex.Match(output, @"Latency\s+(\S+)\s+(\S+)\s+(\S+)");
        var p99 = Regex.Match(output, @"99%\s+(\S+)");
        return new WrkRun(Number(@"Requests/sec:\s+([\d.]+)"), $"mean {latency.Groups[1].Value}, p99 {p99.Groups[1].Value}",
            (long)Number(@"(\d+) requests in"), errors);
    }

    private static void BuildRelease(string serviceRoot)
    {
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", Path.Combine(serviceRoot, "src", "ScalingApi.Host")])
        {
            RedirectStandardOutput = true,
        })!;
        build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"Release build of {serviceRoot} failed.");
    }

    private static string Markdown(string[] args, string machine, int duration, List<Result> results)
    {
        var report = new StringBuilder()
            .AppendLine("# Predictions against /health under wrk (issue 14)")
            .AppendLine()
            .AppendLine($"Command: `dotnet run -c Release --project tests/benchmarks/ScalingApi.Benchmarks -- predictions {string.Join(' ', args)}`")
            .AppendLine()
            .AppendLine(machine)
            .AppendLine()
            .AppendLine($"`wrk -t2 -c16 -d{duration}s` on the same machine as the service (wrk's two threads share its 2 cores); POSTs go through " +
                        "`tests/benchmarks/peers/wrk-post.lua` (JSON body, X-Api-Key). The fit: 7 domains, 4 mixtures × 20 checkpoints, " +
                        "bootstrap 200 (`BiMixSimulator` seeds 107/207/307). One-point body: one mixture at 50k steps; 100-point body: the 4 " +
                        "mixtures at 50k..500k steps. /health and one-point rounds are interleaved; the ratio uses their means.")
            .AppendLine()
            .AppendLine("| | " + string.Join(" | ", results.Select(r => r.Label)) + " |")
            .AppendLine("|---|" + string.Concat(results.Select(_ => "---|")));
        void Row(string name, Func<Result, string> cell) => report.AppendLine($"| {name} | " + string.Join(" | ", results.Select(cell)) + " |");
        static string Rates(List<WrkRun> runs) => string.Join(" / ", runs.Select(Rate));
        static string Rate(WrkRun w) => w.RequestsPerSecond.ToString("F0", CultureInfo.InvariantCulture) + (w.Errors > 0 ? $" ({w.Errors} errors)" : "");
        static double Mean(List<WrkRun> runs) => runs.Average(w => w.RequestsPerSecond);
        Row("`GET /health` req/s (each round)", r => Rates(r.Health));
        Row("one-point predictions req/s (each round)", r => Rates(r.OnePoint));
        Row("**predictions ÷ /health**", r => $"**{Mean(r.OnePoint) / Mean(r.Health):F3}×**");
        Row("one-point latency (last round)", r => r.OnePoint[^1].Latency);
        Row("100-point predictions req/s", r => Rate(r.HundredPoints));
        Row("100-point request, sequential median (ms)", r => r.HundredPointMedianMs.ToString("F2", CultureInfo.InvariantCulture));
        Row("errors over all wrk runs (non-2xx answers + socket errors: connect, read, write, timeout)",
            r => r.Health.Concat(r.OnePoint).Append(r.HundredPoints).Sum(w => w.Errors).ToString(CultureInfo.InvariantCulture));
        Row("fit request (bootstrap 200), s", r => r.FitSeconds.ToString("F2", CultureInfo.InvariantCulture));
        if (results.Count == 2)
            report.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"One-point predictions, after ÷ before: **{Mean(results[1].OnePoint) / Mean(results[0].OnePoint):F1}×**; " +
                            $"100-point sequential latency, before ÷ after: **{results[0].HundredPointMedianMs / results[1].HundredPointMedianMs:F1}×**.");
        return report.ToString();
    }
}
