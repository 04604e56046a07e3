using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Contracts;
using Xunit.Abstractions;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// Issue 13 soak: the service is SIGKILLed while a 100,000-row observation post is in flight, at a different
/// moment each round, and started again on the same database. Each post is all-or-nothing (the run holds
/// none of its rows or all of them), a post the service acknowledged is never lost, and the restarted
/// service takes the same post again. Bounded to a few minutes.
/// </summary>
public sealed class BulkWriteKillSoakTests(ITestOutputHelper output) : SoakTest("bulk-soak")
{
    private const string Key = "bulk-soak-key-0123456789";
    private const int StepsPerRun = 50_000; // × 2 domains = 100,000 rows per post
    private static readonly int[] KillAfterMilliseconds = [30, 150, 400, 900];

    private readonly int _port = ServiceProcess.FreePort();

    private async Task<HttpClient> StartService()
    {
        Service = await ServiceProcess.StartListening(DataDirectory, _port, ServiceProcess.KeyAndDatabase(DataDirectory, Key));
        return Service.ClientWithKey(Key, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Sigkill_mid_bulk_write_leaves_each_post_whole_or_absent_and_loses_nothing_acknowledged()
    {
        Directory.CreateDirectory(DataDirectory);
        var client = await StartService();
        var experiment = await (await client.PostAsJsonAsync("/api/experiments",
            new CreateExperimentRequest("bulk-soak", [new DomainSpec("web"), new DomainSpec("code")]))).ReadAs<ExperimentResponse>(HttpStatusCode.Created);
        var runsUrl = $"/api/experiments/{experiment.Id}/runs";
        var observationsUrl = $"/api/experiments/{experiment.Id}/observations";

        var outcomes = new List<string>();
        for (var round = 0; round < KillAfterMilliseconds.Length; round++)
        {
            var run = $"bulk-{round}";
            await (await client.PostAsJsonAsync(runsUrl,
                new CreateRunRequest(run, new Dictionary<string, double> { ["web"] = 0.5, ["code"] = 0.5 }))).ReadAs<RunResponse>(HttpStatusCode.Created);
            var csv = ObservationCsv.For(run, firstStep: 1, StepsPerRun);

            var post = client.PostAsync(observationsUrl, new StringContent(csv, Encoding.UTF8, "text/csv"));
            await Task.WhenAny(post, Task.Delay(KillAfterMilliseconds[round]));
            Service!.KillHard();
            var acknowledged = post.IsCompletedSuccessfully && (await post).StatusCode == HttpStatusCode.OK; // already complete: no wait
            Service.Dispose();

            client = await StartService();
            var stored = (await (await client.GetAsync(runsUrl)).ReadAs<List<RunResponse>>(HttpStatusCode.OK)).Single(r => r.Name == run).Observations;
            outcomes.Add($"round {round}: acknowledged {acknowledged}, stored {stored}");
            Assert.True(stored is 0 or 2 * StepsPerRun, $"a killed post left part of itself: {string.Join("; ", outcomes)}");
            if (acknowledged) Assert.Equal(2 * StepsPerRun, stored);

            // the client's retry after the restart completes the post exactly once
            var retry = await (await client.PostAsync(observationsUrl, new StringContent(csv, Encoding.UTF8, "text/csv"))).ReadAs<IngestResponse>(HttpStatusCode.OK);
            Assert.Equal(2 * StepsPerRun, retry.Inserted + retry.Unchanged);
            Assert.Equal(stored == 0 ? 2 * StepsPerRun : 0, retry.Inserted);
        }

        foreach (var outcome in outcomes) output.WriteLine(outcome);
        var health = await client.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync());
    }
}
