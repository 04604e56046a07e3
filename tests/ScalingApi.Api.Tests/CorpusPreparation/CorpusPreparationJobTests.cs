using System.Net;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests.CorpusPreparation;

public sealed class CorpusPreparationJobTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_job_writes_shards_repoints_the_domains_and_serves_the_ablation_table_with_the_planted_copies_removed()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 300, exactCopies: 20, seed: 1);
        var code = PreparationCorpus.Write(factory.Root, $"{folder}/code", documents: 150, exactCopies: 7, seed: 2);
        var experiment = await _client.CreateExperiment(("web", web.Reference), ("code", code.Reference));

        var (queued, location) = await _client.StartPreparation(experiment.Id, PreparationClient.ExactOnly);
        Assert.Equal($"/api/experiments/{experiment.Id}/corpus-preparation/{queued.Id}", location.OriginalString);
        Assert.Contains(queued.Status, new[] { "queued", "running", "completed" });
        var job = await _client.WaitForPreparation(location);
        Assert.True(job.Status == "completed", job.Error);

        foreach (var (domain, planted) in new[] { (job.Domains[0], web), (job.Domains[1], code) })
        {
            Assert.Equal("done", domain.Status);
            Assert.Equal(planted.Reference, domain.OriginalCorpus);
            Assert.Equal($".prepared/exp-{experiment.Id}/job-{job.Id}/{domain.Domain}", domain.PreparedCorpus);
            Assert.True(domain.Repointed);
            Assert.Equal(planted.Documents.Count, domain.DocumentsIn);
            Assert.Equal(planted.Documents.Count - planted.Copies.Count, domain.DocumentsOut);

            // the ablation table: the stage line, then its filter lines with samples of what they removed
            var stage = Assert.Single(domain.Ablation!, r => r is { Stage: "exact-dedup", Filter: null });
            Assert.Equal(planted.Copies.Count, stage.DocumentsRemoved);
            Assert.Equal((double)planted.Copies.Count / planted.Documents.Count, stage.DocumentShare, 12);
            Assert.Equal((double)stage.BytesRemoved / domain.BytesIn!.Value, stage.ByteShare, 12);
            var samples = domain.Ablation!.Where(r => r is { Stage: "exact-dedup", Filter: not null }).SelectMany(r => r.Samples).ToList();
            Assert.NotEmpty(samples);
            Assert.All(samples, s => Assert.True(s.Length <= 200 && planted.Copies.Any(c => c.StartsWith(s, StringComparison.Ordinal)), s));
            var figures = Assert.Single(domain.Stages!);
            Assert.Equal((figures.DocumentsIn, figures.DocumentsOut), (domain.DocumentsIn!.Value, domain.DocumentsOut!.Value));

            // the shards hold exactly the first occurrence of every document
            var shards = domain.Shards!.Select(s => Path.Combine(factory.PathOf(domain.PreparedCorpus), s)).ToList();
            Assert.All(shards, s => Assert.EndsWith(".jsonl.gz", s));
            Assert.Equal(planted.Documents.Except(planted.Copies).ToList(), PreparationCorpus.ReadShards(shards));
        }
        Assert.Equal(job.Domains.Sum(d => d.DocumentsOut), job.DocumentsOut);
        Assert.Equal(27, Assert.Single(job.Ablation, r => r is { Stage: "exact-dedup", Filter: null }).DocumentsRemoved);

        // the domains now point at the prepared shards, and corpus statistics measure them
        var after = await (await _client.GetAsync($"/api/experiments/{experiment.Id}")).Read<ExperimentResponse>(HttpStatusCode.OK);
        Assert.Equal(job.Domains.Select(d => d.PreparedCorpus), after.Domains.Select(d => d.Corpus));
        var stats = await _client.MeasureToCompletion(experiment.Id);
        Assert.Equal(job.Domains.Select(d => d.DocumentsOut), stats.Domains.Select(d => (long?)d.Results!.Documents));
        Assert.Equal(job.Domains.Select(d => d.PreparedCorpus), stats.Domains.Select(d => d.Corpus));

        var listed = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/corpus-preparation")).Read<List<CorpusPreparationJobResponse>>(HttpStatusCode.OK);
        Assert.Equal(job.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task The_event_stream_reports_the_job_from_queued_to_finished_and_resumes_after_an_id()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 50, exactCopies: 3, seed: 3);
        var experiment = await _client.CreateExperiment(("web", web.Reference));
        var job = await _client.PrepareToCompletion(experiment.Id, PreparationClient.ExactOnly);

        var events = await _client.GetStringAsync($"/api/experiments/{experiment.Id}/corpus-preparation/{job.Id}/events");
        var types = events.Split('\n').Where(l => l.StartsWith("event: ")).Select(l => l["event: ".Length..]).ToList();
        Assert.Equal("job-queued", types[0]);
        Assert.Equal("job-started", types[1]);
        Assert.Contains("domain-started", types);
        Assert.Contains("domain-finished", types);
        Assert.Equal("job-finished", types[^1]);
        Assert.Contains("\"status\":\"completed\"", events);

        var firstId = events.Split('\n').First(l => l.StartsWith("id: "))["id: ".Length..];
        var resumed = await _client.GetStringAsync($"/api/experiments/{experiment.Id}/corpus-preparation/{job.Id}/events?after={firstId}");
        Assert.DoesNotContain("event: job-queued", resumed);
        Assert.Contains("event: job-finished", resumed);
    }

    [Fact]
    public async Task Cancelling_a_queued_job_ends_it_cancelled_and_frees_the_experiment_for_a_new_job()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 20, exactCopies: 1, seed: 4);
        var experiment = await _client.CreateExperiment(("web", web.Reference));
        var jobId = PreparationClient.InsertQueuedJob(factory.DatabasePath, experiment.Id);

        var cancelled = await (await _client.PostAsync($"/api/experiments/{experiment.Id}/corpus-preparation/{jobId}/cancel", null))
            .Read<CorpusPreparationJobResponse>(HttpStatusCode.Accepted);
        Assert.Equal("cancelled", cancelled.Status);
        Assert.NotNull(cancelled.FinishedAt);
        // cancelling again is accepted and changes nothing
        var again = await (await _client.PostAsync($"/api/experiments/{experiment.Id}/corpus-preparation/{jobId}/cancel", null))
            .Read<CorpusPreparationJobResponse>(HttpStatusCode.Accepted);
        Assert.Equal(cancelled.FinishedAt, again.FinishedAt);
        Assert.Equal("completed", (await _client.PrepareToCompletion(experiment.Id, PreparationClient.ExactOnly)).Status);
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_deletes_its_output_and_leaves_the_domains_as_they_were()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 400, exactCopies: 10, seed: 5, files: 4);
        // the job blocks on the third file until the cancel is in, so it is cancelled mid-domain however fast the machine
        using var gate = new GatedCorpusFile(factory.PathOf($"{web.Reference}/part-2.jsonl"));
        var experiment = await _client.CreateExperiment(("web", web.Reference));
        var (job, location) = await _client.StartPreparation(experiment.Id, """{"stages":{"exactDedup":{},"nearDedup":{}}}""");
        var midway = await _client.WaitForPreparation(location, j => j.Status is not ("queued" or "running") || j.Domains[0].Live is { FileBytesDone: > 0 });
        Assert.True(midway.Status == "running", $"the job was {midway.Status} while its third file was still closed");

        var response = await _client.PostAsync($"/api/experiments/{experiment.Id}/corpus-preparation/{job.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        gate.Open();
        var final = await _client.WaitForPreparation(location);
        Assert.Equal("cancelled", final.Status);
        Assert.False(final.Domains[0].Repointed);
        Assert.Equal("pending", final.Domains[0].Status);
        Assert.False(Directory.Exists(factory.PathOf($".prepared/exp-{experiment.Id}/job-{job.Id}")));
        var after = await (await _client.GetAsync($"/api/experiments/{experiment.Id}")).Read<ExperimentResponse>(HttpStatusCode.OK);
        Assert.Equal(web.Reference, after.Domains[0].Corpus);
    }
}
