using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using ScalingApi.Corpora.Statistics;
using ScalingApi.Corpora.Tokenization;
using Xunit;

namespace ScalingApi.Api.Tests.Corpora;

public sealed class CorpusStatsTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task Job_reports_progress_and_results_equal_to_the_library_and_the_analytic_entropies()
    {
        var (folder, domains) = factory.Synthetic();
        var experiment = await _client.CreateCorpusExperiment(folder, domains);

        var (started, location) = await _client.StartStats(experiment.Id);
        Assert.Equal($"/api/experiments/{experiment.Id}/corpus-stats/{started.Id}", location.OriginalString);
        // the job is created queued and only handed to the worker after the response is built
        Assert.Equal("queued", started.Status);
        Assert.All(started.Domains, d => Assert.Equal(("pending", 0L, (CorpusStatsFigures?)null), (d.Status, d.BytesDone, d.Results)));
        Assert.Equal(0, started.BytesDone);
        var onDisk = domains.Select(d => Directory.GetFiles(d.Directory).Sum(f => new FileInfo(f).Length)).ToArray();
        Assert.Equal(onDisk.Sum(), started.BytesTotal);
        Assert.Equal(onDisk, started.Domains.Select(d => d.BytesTotal));
        Assert.All(started.Domains, d => Assert.False(d.FromCache));

        var snapshots = await _client.WaitForJob(location);
        // progress never goes backwards, and a finished job has read every byte
        for (var i = 1; i < snapshots.Count; i++) Assert.True(snapshots[i].BytesDone >= snapshots[i - 1].BytesDone);
        var final = snapshots[^1];
        Assert.Equal("completed", final.Status);
        Assert.Equal(final.BytesTotal, final.BytesDone);
        Assert.Equal(1.0, final.Fraction);
        Assert.NotNull(final.FinishedAt);

        for (var i = 0; i < domains.Count; i++)
        {
            var measured = final.Domains[i];
            Assert.Equal(domains[i].Name, measured.Domain);
            Assert.Equal("done", measured.Status);
            var direct = CorpusStatisticsCalculator.Compute(Directory.GetFiles(domains[i].Directory).Order(StringComparer.Ordinal).ToList(), ByteTokenizer.Instance);
            var figures = measured.Results!;
            Assert.Equal(direct.Fingerprint, measured.Fingerprint);
            Assert.Equal((direct.Documents, direct.Bytes, direct.Tokens, direct.Pairs), (figures.Documents, figures.Bytes, figures.Tokens, figures.Pairs));
            Assert.Equal(200, figures.Documents);
            Assert.Equal(200_000, figures.Tokens);
            Assert.Equal(direct.ShannonEntropy, figures.ShannonEntropy, 1e-12);
            Assert.Equal(direct.JointEntropy, figures.JointEntropy, 1e-12);
            Assert.Equal(direct.ConditionalEntropy, figures.ConditionalEntropy, 1e-12);
            Assert.Equal(direct.VonNeumannEntropy!.Value, figures.VonNeumannEntropy!.Value, 1e-9);
            Assert.InRange(figures.ConditionalEntropy / domains[i].Source.AnalyticConditionalEntropy, 0.99, 1.01);
            Assert.InRange(figures.ShannonEntropy / domains[i].Source.AnalyticShannonEntropy, 0.99, 1.01);
        }

        // the experiment-level URL shows the latest job
        var latest = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/corpus-stats")).Read<CorpusStatsJobResponse>(HttpStatusCode.OK);
        Assert.Equal(final.Id, latest.Id);
    }

    [Fact]
    public async Task Second_post_completes_from_cache_and_a_changed_file_is_measured_again()
    {
        var (folder, domains) = factory.Synthetic(documents: 100, length: 500, seed: 3);
        var experiment = await _client.CreateCorpusExperiment(folder, domains);
        var first = await _client.MeasureToCompletion(experiment.Id);

        var (again, _) = await _client.StartStats(experiment.Id);
        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal("completed", again.Status); // straight from the cache, no background work
        Assert.All(again.Domains, d => Assert.True(d.FromCache));
        Assert.Equal(first.Domains.Select(d => d.Results), again.Domains.Select(d => d.Results));

        // rewrite one file of the second domain: a different text, so the fingerprint and the figures change
        var changed = Directory.GetFiles(domains[1].Directory).Order(StringComparer.Ordinal).First();
        File.WriteAllText(changed, "aaaa bbbb\n\nab ab ab ab\n");
        var mixture = await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/entropy-ce");
        await ProblemAssert.Is(mixture, HttpStatusCode.Conflict, "domains[1].corpus", "corpus-stats");

        var (third, location) = await _client.StartStats(experiment.Id);
        Assert.Equal([true, false, true], third.Domains.Select(d => d.FromCache));
        Assert.NotEqual(first.Domains[1].Fingerprint, third.Domains[1].Fingerprint);
        var final = (await _client.WaitForJob(location))[^1];
        Assert.Equal("completed", final.Status);
        Assert.NotEqual(first.Domains[1].Results!.Documents, final.Domains[1].Results!.Documents);
        Assert.NotEqual(first.Domains[1].Results!.ConditionalEntropy, final.Domains[1].Results!.ConditionalEntropy);
        Assert.Equal(first.Domains[0].Results, final.Domains[0].Results);
    }

    [Fact]
    public async Task Repost_while_queued_or_running_returns_the_same_job()
    {
        // GPT-2 is far slower than bytes, so the job is still active when the second POST arrives
        var (folder, domains) = factory.Synthetic(domains: 2, documents: 400, length: 1000, seed: 8);
        var experiment = await _client.CreateCorpusExperiment(folder, domains, tokenizer: "gpt2");
        var (first, location) = await _client.StartStats(experiment.Id);
        var (second, _) = await _client.StartStats(experiment.Id);
        if (second.Status is "queued" or "running") Assert.Equal(first.Id, second.Id);
        else Assert.True(second.Status == "completed" && second.Domains.All(d => d.FromCache), "a finished first job must have filled the cache");
        var final = (await _client.WaitForJob(location))[^1];
        Assert.Equal("completed", final.Status);
        Assert.Equal("gpt2", final.Tokenizer);
        Assert.True(final.Domains[0].Results!.Tokens < final.Domains[0].Results!.Bytes); // BPE merges bytes
    }

    [Fact]
    public async Task Mixed_folder_of_txt_jsonl_and_gzip_is_measured_through_the_api()
    {
        factory.WriteCorpusFile("mixed/a.txt", "first doc\n\nsecond doc\n");
        factory.WriteCorpusFile("mixed/b.jsonl", "{\"text\":\"third\",\"id\":1}\n\n{\"text\":\"fourth\"}\n");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(factory.Root, "mixed/c.jsonl.gz")), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write("{\"text\":\"fifth\"}\n"u8);
        factory.WriteCorpusFile("mixed/notes.md", "not a corpus file, skipped");
        var experiment = await (await _client.PostRaw("/api/experiments", """{"name":"mixed","domains":[{"name":"m","corpus":"mixed"}]}"""))
            .Read<ExperimentResponse>(HttpStatusCode.Created);
        var result = (await _client.MeasureToCompletion(experiment.Id)).Domains[0].Results!;
        Assert.Equal(3, result.Files);
        Assert.Equal(5, result.Documents);
        Assert.Equal("first docsecond docthirdfourthfifth".Length, result.Bytes);
    }

    [Fact]
    public async Task Malformed_jsonl_fails_the_job_naming_file_and_line()
    {
        factory.WriteCorpusFile("broken/a.jsonl", "{\"text\":\"fine\"}\n{\"text\": 5}\n");
        var experiment = await (await _client.PostRaw("/api/experiments", """{"name":"broken","domains":[{"name":"a","corpus":"broken"}]}"""))
            .Read<ExperimentResponse>(HttpStatusCode.Created);
        var (_, location) = await _client.StartStats(experiment.Id);
        var final = (await _client.WaitForJob(location))[^1];
        Assert.Equal("failed", final.Status);
        Assert.Contains("a.jsonl, line 2", final.Error);
    }

    [Fact]
    public async Task Bad_requests_are_problems()
    {
        var plain = await _client.CreateExperiment(["x"]);
        await ProblemAssert.Is(await _client.PostAsync($"/api/experiments/{plain.Id}/corpus-stats", null), HttpStatusCode.UnprocessableEntity, "domains", "corpus reference");
        await ProblemAssert.Is(await _client.PostAsync("/api/experiments/999999/corpus-stats", null), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{plain.Id}/corpus-stats"), HttpStatusCode.NotFound, "id", "no corpus statistics job");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{plain.Id}/corpus-stats/424242"), HttpStatusCode.NotFound, "jobId");

        factory.WriteCorpusFile("bad-input/a.txt", "text");
        var withCorpus = await (await _client.PostRaw("/api/experiments", """{"name":"b","domains":[{"name":"a","corpus":"bad-input/a.txt"}]}"""))
            .Read<ExperimentResponse>(HttpStatusCode.Created);
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{withCorpus.Id}/corpus-stats", """{"tokenizer":"llama"}"""), HttpStatusCode.BadRequest, "tokenizer", "known");
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{withCorpus.Id}/corpus-stats", """{"tokenizer":5}"""), HttpStatusCode.BadRequest, "tokenizer", "valid JSON");
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{withCorpus.Id}/corpus-stats", """{"tokenizer":"""), HttpStatusCode.BadRequest, "*", "valid JSON");

        // a corpus deleted after the experiment was created is reported against its field, not a 500
        File.Delete(Path.Combine(factory.Root, "bad-input/a.txt"));
        await ProblemAssert.Is(await _client.PostAsync($"/api/experiments/{withCorpus.Id}/corpus-stats", null), HttpStatusCode.UnprocessableEntity, "domains[0].corpus", "no longer resolves");
    }
}
