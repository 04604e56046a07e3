using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Contracts;
using Xunit.Abstractions;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// Issue 13 soak: concurrent clients write small batches into a run that already holds 300,000 rows and into
/// small runs, while a bulk client posts 60,000-row batches and readers read one small run, for a bounded time
/// against the real service process. No response is a 5xx, every acknowledged point is stored exactly once,
/// and a write into the large run costs about what a write into a small run costs (it used to read the whole
/// run first: 1.2 ms into an empty run against 398 ms into a 300k-row one).
/// </summary>
public sealed class ConcurrentWritersSoakTests(ITestOutputHelper output) : SoakTest("writers-soak")
{
    private const string Key = "writers-soak-key-0123456789";
    private const int PreloadedSteps = 150_000; // × 2 domains = 300,000 rows in the large run
    private const int SmallWriters = 4;
    private const int BatchSteps = 5; // × 2 domains = 10 points per write
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Concurrent_writers_on_a_large_run_see_no_5xx_lose_nothing_and_pay_no_more_than_on_a_small_run()
    {
        Directory.CreateDirectory(DataDirectory);
        Service = await ServiceProcess.StartListening(DataDirectory, ServiceProcess.FreePort(), ServiceProcess.KeyAndDatabase(DataDirectory, Key));
        using var client = Service.ClientWithKey(Key, TimeSpan.FromMinutes(2));

        var experiment = await (await client.PostAsJsonAsync("/api/experiments",
            new CreateExperimentRequest("writers-soak", [new DomainSpec("web"), new DomainSpec("code")]))).ReadAs<ExperimentResponse>(HttpStatusCode.Created);
        var runsUrl = $"/api/experiments/{experiment.Id}/runs";
        var observationsUrl = $"/api/experiments/{experiment.Id}/observations";
        string[] runs = ["large", "bulk", .. Enumerable.Range(0, SmallWriters).Select(i => $"small-{i}")];
        foreach (var run in runs)
            await (await client.PostAsJsonAsync(runsUrl, new CreateRunRequest(run, new Dictionary<string, double> { ["web"] = 0.5, ["code"] = 0.5 })))
                .ReadAs<RunResponse>(HttpStatusCode.Created);
        for (var first = 1; first <= PreloadedSteps; first += 50_000)
            await (await PostCsv(client, observationsUrl, ObservationCsv.For("large", first, 50_000))).ReadAs<IngestResponse>(HttpStatusCode.OK);

        var statuses = new ConcurrentDictionary<int, int>();
        var intoLarge = new ConcurrentBag<double>();
        var intoSmall = new ConcurrentBag<double>();
        var acknowledgedSteps = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource(Duration);

        async Task Writer(int index)
        {
            // writer i owns steps i, i + SmallWriters, … of the large run beyond the preload, so no two writers collide
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var largeFirst = PreloadedSteps + 1 + (batch * SmallWriters + index) * BatchSteps;
                await TimedWrite(client, observationsUrl, "large", largeFirst, intoLarge, statuses, acknowledgedSteps);
                await TimedWrite(client, observationsUrl, $"small-{index}", 1 + batch * BatchSteps, intoSmall, statuses, acknowledgedSteps);
            }
        }

        async Task BulkWriter()
        {
            for (var first = 1; !stop.IsCancellationRequested; first += 30_000)
            {
                var response = await PostCsv(client, observationsUrl, ObservationCsv.For("bulk", first, 30_000));
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (response.IsSuccessStatusCode) acknowledgedSteps.AddOrUpdate("bulk", 30_000, (_, n) => n + 30_000);
            }
        }

        async Task Reader()
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await client.GetAsync($"{observationsUrl}?run=small-0");
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        }

        await Task.WhenAll([.. Enumerable.Range(0, SmallWriters).Select(Writer), BulkWriter(), Reader(), Reader()]);

        var summary = $"statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; " +
                      $"10-point writes: into the large run median {Median(intoLarge):F1} ms of {intoLarge.Count}, " +
                      $"into small runs median {Median(intoSmall):F1} ms of {intoSmall.Count}";
        output.WriteLine(summary);
        Assert.True(statuses.Keys.All(status => status < 500), summary);
        Assert.True(statuses.Keys.All(status => status is 200), summary);
        Assert.True(intoLarge.Count >= 20, "too few writes to judge: " + summary);
        // the same writers alternate between the two targets, so load on the machine hits both alike
        Assert.True(Median(intoLarge) <= 3 * Median(intoSmall) + 5, "a write into the large run costs more than into a small one: " + summary);

        var stored = (await (await client.GetAsync(runsUrl)).ReadAs<List<RunResponse>>(HttpStatusCode.OK)).ToDictionary(r => r.Name, r => r.Observations);
        Assert.Equal(2 * (PreloadedSteps + acknowledgedSteps.GetValueOrDefault("large")), stored["large"]);
        Assert.Equal(2 * acknowledgedSteps.GetValueOrDefault("bulk"), stored["bulk"]);
        for (var i = 0; i < SmallWriters; i++)
            Assert.Equal(2 * acknowledgedSteps.GetValueOrDefault($"small-{i}"), stored[$"small-{i}"]);
        var health = await client.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync());
    }

    private static async Task TimedWrite(HttpClient client, string url, string run, int firstStep,
        ConcurrentBag<double> latencies, ConcurrentDictionary<int, int> statuses, ConcurrentDictionary<string, int> acknowledgedSteps)
    {
        var csv = ObservationCsv.For(run, firstStep, BatchSteps);
        var clock = Stopwatch.StartNew();
        var response = await PostCsv(client, url, csv);
        latencies.Add(clock.Elapsed.TotalMilliseconds);
        statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        if (response.IsSuccessStatusCode) acknowledgedSteps.AddOrUpdate(run, BatchSteps, (_, n) => n + BatchSteps);
    }

    private static Task<HttpResponseMessage> PostCsv(HttpClient client, string url, string csv) =>
        client.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
