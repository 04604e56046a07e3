using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.CorpusPreparation;

/// <summary>Test-side steps of corpus preparation: experiments over planted domains, starting and following jobs.</summary>
public static class PreparationClient
{
    public const string ExactOnly = """{"stages":{"exactDedup":{}}}""";

    public static async Task<ExperimentResponse> CreateExperiment(this HttpClient client, params (string Name, string? Corpus)[] domains)
    {
        var response = await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("prep-" + Guid.NewGuid().ToString("N")[..8],
            domains.Select(d => new DomainSpec(d.Name, Corpus: d.Corpus)).ToList()));
        return await response.Read<ExperimentResponse>(HttpStatusCode.Created);
    }

    public static async Task<(CorpusPreparationJobResponse Job, Uri Location)> StartPreparation(this HttpClient client, long experimentId, string body)
    {
        var response = await client.PostRaw($"/api/experiments/{experimentId}/corpus-preparation", body);
        var job = await response.Read<CorpusPreparationJobResponse>(HttpStatusCode.Accepted);
        return (job, response.Headers.Location!);
    }

    /// <summary>Polls until the job is final, or until <paramref name="until"/> holds for a snapshot; returns the last snapshot.</summary>
    public static async Task<CorpusPreparationJobResponse> WaitForPreparation(this HttpClient client, Uri location,
        Func<CorpusPreparationJobResponse, bool>? until = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var job = await (await client.GetAsync(location)).Read<CorpusPreparationJobResponse>(HttpStatusCode.OK);
            if (until?.Invoke(job) ?? job.Status is "completed" or "failed" or "cancelled") return job;
            Assert.True(DateTime.UtcNow < deadline, $"job still {job.Status} after the timeout");
            await Task.Delay(10);
        }
    }

    public static async Task<CorpusPreparationJobResponse> PrepareToCompletion(this HttpClient client, long experimentId, string body)
    {
        var (_, location) = await client.StartPreparation(experimentId, body);
        var final = await client.WaitForPreparation(location);
        Assert.True(final.Status == "completed", $"job {final.Status}: {final.Error}");
        return final;
    }

    /// <summary>A queued job written straight into the database: the live process does not pick it up (only start-up re-queues).</summary>
    public static long InsertQueuedJob(string databasePath, long experimentId)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO corpus_preparation_jobs (experiment_id, status, stages_json, created_at)
            VALUES ($experiment, 'queued', '{"exactDedup":{}}', '2026-01-01T00:00:00.0000000+00:00') RETURNING id;
            """;
        command.Parameters.AddWithValue("$experiment", experimentId);
        return (long)command.ExecuteScalar()!;
    }

    public static string PathOf(this CorporaApiFactory factory, string reference) => Path.Combine(factory.Root, reference);
}
