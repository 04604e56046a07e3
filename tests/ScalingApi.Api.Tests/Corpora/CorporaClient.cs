using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Corpora.Synthetic;
using Xunit;

namespace ScalingApi.Api.Tests.Corpora;

/// <summary>Test-side steps of the corpora flow: synthetic corpora under the root, experiments over them, stats jobs.</summary>
public static class CorporaClient
{
    /// <summary>Generates a seeded Markov corpus in a fresh folder under the root; domain folders are referenced relative to the root.</summary>
    public static (string Folder, IReadOnlyList<SyntheticDomain> Domains) Synthetic(this CorporaApiFactory factory, int domains = 3,
        int documents = 200, int length = 1000, int seed = 11)
    {
        var folder = "synth-" + Guid.NewGuid().ToString("N")[..8];
        var generated = SyntheticCorpusGenerator.Generate(new SyntheticCorpusSpec(
            Path.Combine(factory.Root, folder), domains, documents, length, seed, DocumentsPerFile: 64));
        return (folder, generated);
    }

    public static async Task<ExperimentResponse> CreateCorpusExperiment(this HttpClient client, string folder,
        IReadOnlyList<SyntheticDomain> domains, string? tokenizer = null, double[]? tokens = null)
    {
        var response = await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("corpora-" + folder,
            domains.Select((d, i) => new DomainSpec(d.Name, tokens?[i], $"{folder}/{d.Name}")).ToList(), Tokenizer: tokenizer));
        return await response.Read<ExperimentResponse>(HttpStatusCode.Created);
    }

    public static async Task<(CorpusStatsJobResponse Job, Uri Location)> StartStats(this HttpClient client, long experimentId, string? body = null)
    {
        var response = body is null
            ? await client.PostAsync($"/api/experiments/{experimentId}/corpus-stats", null)
            : await client.PostRaw($"/api/experiments/{experimentId}/corpus-stats", body);
        var job = await response.Read<CorpusStatsJobResponse>(HttpStatusCode.Accepted);
        return (job, response.Headers.Location!);
    }

    /// <summary>Polls the job until it is completed or failed; returns every snapshot seen (the last is final).</summary>
    public static async Task<List<CorpusStatsJobResponse>> WaitForJob(this HttpClient client, Uri location, TimeSpan? timeout = null)
    {
        var snapshots = new List<CorpusStatsJobResponse>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var job = await (await client.GetAsync(location)).Read<CorpusStatsJobResponse>(HttpStatusCode.OK);
            snapshots.Add(job);
            if (job.Status is "completed" or "failed") return snapshots;
            Assert.True(DateTime.UtcNow < deadline, $"job still {job.Status} after the timeout");
            await Task.Delay(10);
        }
    }

    public static async Task<CorpusStatsJobResponse> MeasureToCompletion(this HttpClient client, long experimentId)
    {
        var (_, location) = await client.StartStats(experimentId);
        var final = (await client.WaitForJob(location))[^1];
        Assert.True(final.Status == "completed", $"job {final.Status}: {final.Error}");
        return final;
    }
}
