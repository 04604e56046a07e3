using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Host.CorpusPreparation;
using ScalingApi.Host.Hosting;
using Xunit;

namespace ScalingApi.Api.Tests.CorpusPreparation;

public sealed class CorpusPreparationRestartTests
{
    /// <summary>Cross-domain deduplication, so a resumed job must also remember what the finished domain kept.</summary>
    private const string Stages = """{"stages":{"exactDedup":{},"nearDedup":{},"acrossDomains":true}}""";

    [Fact]
    public async Task A_job_stopped_mid_domain_by_a_shutdown_resumes_after_restart_with_the_counts_of_an_uninterrupted_run()
    {
        await using var before = new CorporaApiFactory();
        var client = before.Authorized();
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(before.Root, $"{folder}/web", documents: 200, exactCopies: 15, seed: 7);
        // many files, one of which is gated below; a third of its copies are of web documents (removed only across domains)
        var books = PreparationCorpus.Write(before.Root, $"{folder}/books", documents: 600, exactCopies: 40, seed: 8,
            files: 24, copiesOf: web.Documents);
        var uninterrupted = await client.PrepareToCompletion((await client.CreateExperiment(("web", web.Reference), ("books", books.Reference))).Id, Stages);
        Assert.Equal(40, uninterrupted.Domains[1].DocumentsIn - uninterrupted.Domains[1].DocumentsOut);

        // from now on the job blocks on the fifth file of books until the shutdown is under way, so it is stopped
        // mid-domain however fast the machine (files are read in ordinal order: part-0, part-1, part-10, part-11, part-12)
        using var gate = new GatedCorpusFile(before.PathOf($"{books.Reference}/part-12.jsonl"));
        var experiment = await client.CreateExperiment(("web", web.Reference), ("books", books.Reference));
        var (job, location) = await client.StartPreparation(experiment.Id, Stages);
        var midway = await client.WaitForPreparation(location, j =>
            j.Status is not ("queued" or "running") || j.Domains[1].Live is { FileBytesDone: > 0 });
        Assert.True(midway.Status == "running", $"the job was {midway.Status} while a file of books was still closed");
        // the service shuts down: its preparation worker is stopped mid-domain and the job stays running in the database
        var worker = before.Services.GetServices<IHostedService>().OfType<QueuedJobWorker<CorpusPreparationRunner>>().Single();
        var stopping = worker.StopAsync(CancellationToken.None);
        gate.Open();
        await stopping;
        Assert.Equal("running", (await client.WaitForPreparation(location, _ => true)).Status);

        await using var after = CorporaApiFactory.Reopen(before);
        var resumedClient = after.Authorized();
        var final = await resumedClient.WaitForPreparation(location);
        Assert.True(final.Status == "completed", final.Error);
        var events = await resumedClient.GetStringAsync($"/api/experiments/{experiment.Id}/corpus-preparation/{job.Id}/events");
        Assert.Contains("event: job-resumed", events);
        Assert.Equal(1, events.Split('\n').Count(l => l.Contains("\"domain\":\"web\"") && l.Contains("documentsOut")));

        Assert.Equal(uninterrupted.Domains.Select(Counts), final.Domains.Select(Counts));
        Assert.Equal(uninterrupted.Ablation.Select(r => (r.Stage, r.Filter, r.DocumentsRemoved, r.BytesRemoved)),
            final.Ablation.Select(r => (r.Stage, r.Filter, r.DocumentsRemoved, r.BytesRemoved)));
        // the redone domain's folder holds only the resumed run's shards, with the same documents as the uninterrupted run
        var books1 = uninterrupted.Domains[1];
        var books2 = final.Domains[1];
        Assert.Equal(books2.Shards!.Count, Directory.GetFiles(after.PathOf(books2.PreparedCorpus)).Length);
        Assert.Equal(PreparationCorpus.ReadShards(books1.Shards!.Select(s => Path.Combine(after.PathOf(books1.PreparedCorpus), s))),
            PreparationCorpus.ReadShards(books2.Shards.Select(s => Path.Combine(after.PathOf(books2.PreparedCorpus), s))));
    }

    private static (long?, long?, long?, long?) Counts(Contracts.PreparedDomainResponse d) => (d.DocumentsIn, d.BytesIn, d.DocumentsOut, d.BytesOut);
}
