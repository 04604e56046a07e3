using System.Net;
using System.Net.Http.Json;
using System.Text;
using ScalingApi.Api.Tests.CorpusPreparation;
using ScalingApi.Contracts;

namespace ScalingApi.EndToEnd.Tests;

/// <summary>
/// A corpus preparation job whose service is SIGKILLed mid-domain (no shutdown, no chance to write anything) and
/// started again on the same database and corpus root: the job resumes by itself and ends with exactly what an
/// uninterrupted job of the same domains produces, the finished domain's figures kept once and no partial shard left.
/// </summary>
public sealed class CorpusPreparationKillTests() : SoakTest("prep-kill")
{
    private const string Key = "prep-kill-key-0123456789";
    /// <summary>Cross-domain deduplication, so the resumed job must also remember what the finished domain kept.</summary>
    private const string Stages = """{"stages":{"exactDedup":{},"nearDedup":{},"acrossDomains":true}}""";

    private readonly int _port = ServiceProcess.FreePort();

    private string CorpusRoot => Path.Combine(DataDirectory, "corpora");

    private async Task<HttpClient> StartService()
    {
        Service = await ServiceProcess.StartListening(DataDirectory, _port,
            new Dictionary<string, string>(ServiceProcess.KeyAndDatabase(DataDirectory, Key)) { ["Corpora:Roots:0"] = CorpusRoot });
        return Service.ClientWithKey(Key, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_job_whose_service_is_killed_mid_domain_resumes_after_restart_and_ends_as_an_uninterrupted_job()
    {
        var web = PreparationCorpus.Write(CorpusRoot, "kill/web", documents: 200, exactCopies: 15, seed: 7);
        var books = PreparationCorpus.Write(CorpusRoot, "kill/books", documents: 600, exactCopies: 40, seed: 8, files: 24, copiesOf: web.Documents);
        var client = await StartService();
        var uninterrupted = await WaitForJob(client, (await StartJob(client, await CreateExperiment(client, web, books))).Location);
        Assert.Equal("completed", uninterrupted.Status);

        // books' fifth file (ordinal order: part-0, part-1, part-10, part-11, part-12) gives nothing until opened,
        // so the service is killed while the job is inside books, however fast the machine
        using var gate = new GatedCorpusFile(Path.Combine(CorpusRoot, books.Reference, "part-12.jsonl"));
        var experiment = await CreateExperiment(client, web, books);
        var (job, location) = await StartJob(client, experiment);
        var midway = await WaitForJob(client, location, j => j.Status != "running" && j.Status != "queued" || j.Domains[1].Live is { FileBytesDone: > 0 });
        Assert.Equal(("running", "done"), (midway.Status, midway.Domains[0].Status));
        Service!.KillHard();
        gate.Open();

        client = await StartService();
        var final = await WaitForJob(client, location);
        Assert.True(final.Status == "completed", final.Error);
        var events = await client.GetStringAsync($"/api/experiments/{experiment}/corpus-preparation/{job.Id}/events");
        Assert.Contains("event: job-resumed", events);
        Assert.Equal(1, events.Split('\n').Count(l => l.Contains("\"domain\":\"web\"") && l.Contains("documentsOut")));
        Assert.Equal(uninterrupted.Domains.Select(Counts), final.Domains.Select(Counts));
        Assert.All(final.Domains, d => Assert.True(d.Repointed, $"{d.Domain} was not repointed"));
        for (var i = 0; i < final.Domains.Count; i++)
        {
            var (expected, actual) = (uninterrupted.Domains[i], final.Domains[i]);
            var folder = Path.Combine(CorpusRoot, actual.PreparedCorpus);
            var shards = actual.Shards!;
            Assert.Equal(shards.Order(), Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order()); // no .tmp shard left
            Assert.Equal(PreparationCorpus.ReadShards(expected.Shards!.Select(s => Path.Combine(CorpusRoot, expected.PreparedCorpus, s))),
                PreparationCorpus.ReadShards(shards.Select(s => Path.Combine(folder, s))));
        }
    }

    private static (long?, long?, long?, long?) Counts(PreparedDomainResponse d) => (d.DocumentsIn, d.BytesIn, d.DocumentsOut, d.BytesOut);

    private static async Task<long> CreateExperiment(HttpClient client, PlantedDomain web, PlantedDomain books)
    {
        var response = await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("prep-" + Guid.NewGuid().ToString("N")[..8],
            [new DomainSpec("web", Corpus: web.Reference), new DomainSpec("books", Corpus: books.Reference)]));
        return (await response.ReadAs<ExperimentResponse>(HttpStatusCode.Created)).Id;
    }

    private static async Task<(CorpusPreparationJobResponse Job, Uri Location)> StartJob(HttpClient client, long experimentId)
    {
        var response = await client.PostAsync($"/api/experiments/{experimentId}/corpus-preparation", new StringContent(Stages, Encoding.UTF8, "application/json"));
        return (await response.ReadAs<CorpusPreparationJobResponse>(HttpStatusCode.Accepted), response.Headers.Location!);
    }

    /// <summary>Polls until the job is final, or until <paramref name="until"/> holds for a snapshot.</summary>
    private static async Task<CorpusPreparationJobResponse> WaitForJob(HttpClient client, Uri location, Func<CorpusPreparationJobResponse, bool>? until = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = await (await client.GetAsync(location)).ReadAs<CorpusPreparationJobResponse>(HttpStatusCode.OK);
            if (until?.Invoke(job) ?? job.Status is "completed" or "failed" or "cancelled") return job;
            Assert.True(DateTime.UtcNow < deadline, $"job still {job.Status} after 2 minutes");
            await Task.Delay(20);
        }
    }
}
