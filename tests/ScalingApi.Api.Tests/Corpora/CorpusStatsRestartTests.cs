using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.Corpora;

public sealed class CorpusStatsRestartTests
{
    [Fact]
    public async Task A_job_left_running_by_a_crashed_process_is_completed_after_restart_reusing_finished_domains()
    {
        await using var before = new CorporaApiFactory();
        var client = before.Authorized();
        var (folder, domains) = before.Synthetic(documents: 80, length: 500, seed: 4);

        // an earlier experiment measured only the first domain: its result is cached, as if the crashed job had finished it
        var earlier = await (await client.PostAsJsonAsync("/api/experiments", new CreateExperimentRequest("earlier",
            [new DomainSpec(domains[0].Name, Corpus: $"{folder}/{domains[0].Name}")]))).Read<ExperimentResponse>(HttpStatusCode.Created);
        var cachedFirst = (await client.MeasureToCompletion(earlier.Id)).Domains[0].Results;

        var experiment = await client.CreateCorpusExperiment(folder, domains);
        var jobId = InsertRunningJob(before.DatabasePath, experiment.Id);
        var location = new Uri($"/api/experiments/{experiment.Id}/corpus-stats/{jobId}", UriKind.Relative);
        // the live process does not pick it up: only start-up re-queues jobs
        Assert.Equal("running", (await (await client.GetAsync(location)).Read<CorpusStatsJobResponse>(HttpStatusCode.OK)).Status);

        await using var after = CorporaApiFactory.Reopen(before);
        var final = (await after.Authorized().WaitForJob(location))[^1];
        Assert.True(final.Status == "completed", final.Error);
        Assert.Equal([true, false, false], final.Domains.Select(d => d.FromCache));
        Assert.Equal(cachedFirst, final.Domains[0].Results);
        Assert.All(final.Domains, d => Assert.Equal("done", d.Status));
        Assert.All(final.Domains, d => Assert.Equal(80, d.Results!.Documents));
        Assert.Equal(final.BytesTotal, final.BytesDone);
        Assert.True(final.BytesTotal > 0);
    }

    /// <summary>What a process that died mid-job leaves behind: status running, domains with the fingerprints seen at start.</summary>
    private static long InsertRunningJob(string databasePath, long experimentId)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO corpus_stats_jobs (experiment_id, tokenizer, status, created_at, started_at)
            VALUES ($experiment, 'bytes', 'running', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:01.0000000+00:00');
            INSERT INTO corpus_stats_job_domains (job_id, domain_id, fingerprint, bytes_total)
            SELECT last_insert_rowid(), id, 'seen-before-the-crash', 0 FROM domains WHERE experiment_id = $experiment;
            SELECT MAX(id) FROM corpus_stats_jobs;
            """;
        command.Parameters.AddWithValue("$experiment", experimentId);
        return (long)command.ExecuteScalar()!;
    }
}
