using System.Net;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.CorpusPreparation;

public sealed class CorpusPreparationConfinementTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_domain_whose_corpus_now_reaches_outside_the_roots_through_a_symlink_is_refused_with_422()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 10, exactCopies: 0, seed: 1);
        var experiment = await _client.CreateExperiment(("web", web.Reference));
        var outside = Path.Combine(factory.DataDirectory, "outside");
        PreparationCorpus.Write(outside, "secret", documents: 3, exactCopies: 0, seed: 2);
        File.CreateSymbolicLink(Path.Combine(factory.PathOf(web.Reference), "escape.jsonl"), Path.Combine(outside, "secret", "part-0.jsonl"));

        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{experiment.Id}/corpus-preparation", PreparationClient.ExactOnly),
            HttpStatusCode.UnprocessableEntity, "domains[0].corpus", "inside the configured corpus roots");
        Assert.False(Directory.Exists(factory.PathOf($".prepared/exp-{experiment.Id}")));
    }

    [Fact]
    public async Task A_domain_named_like_a_path_is_written_to_a_folder_named_by_its_id_inside_the_job_folder()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 10, exactCopies: 2, seed: 3);
        var experiment = await _client.CreateExperiment(("../../../escaped", web.Reference));
        var job = await _client.PrepareToCompletion(experiment.Id, PreparationClient.ExactOnly);

        var domain = Assert.Single(job.Domains);
        Assert.Matches($@"^\.prepared/exp-{experiment.Id}/job-{job.Id}/domain-\d+$", domain.PreparedCorpus);
        Assert.Equal(10, domain.DocumentsOut);
        Assert.True(Directory.Exists(factory.PathOf(domain.PreparedCorpus)));
        Assert.False(Directory.Exists(Path.Combine(factory.Root, "escaped")));
        Assert.False(Directory.Exists(Path.GetFullPath(Path.Combine(factory.PathOf(job.OutputFolder), "../../../escaped"))));
    }

    [Fact]
    public async Task A_reference_to_a_whole_root_does_not_read_the_prepared_shards_kept_inside_that_root()
    {
        // a root of its own ("." is everything in it), with a prepared root that folder enumeration does not skip
        // as hidden (the default .prepared is)
        await using var own = new PreparedRootFactory("prepared");
        var client = own.Authorized();
        PreparationCorpus.Write(own.Root, "web", documents: 30, exactCopies: 5, seed: 9);
        var whole = await client.CreateExperiment(("all", "."));
        Assert.Equal(35, (await client.MeasureToCompletion(whole.Id)).Domains[0].Results!.Documents);
        var job = await client.PrepareToCompletion(whole.Id, PreparationClient.ExactOnly);
        Assert.Equal(30, job.Domains[0].DocumentsOut);

        // the prepared shards now lie inside the root (prepared/…), yet the whole root still reads as it was
        var other = await client.CreateExperiment(("all", "."));
        Assert.Equal(35, (await client.MeasureToCompletion(other.Id)).Domains[0].Results!.Documents);
        Assert.Equal(35, (await client.PrepareToCompletion(other.Id, PreparationClient.ExactOnly)).Domains[0].DocumentsIn);
        // while the prepared domain reads its shards only
        Assert.Equal(30, (await client.MeasureToCompletion(whole.Id)).Domains[0].Results!.Documents);
    }

    [Fact]
    public async Task A_prepared_root_outside_the_corpus_roots_stops_the_service_from_starting()
    {
        await using var misconfigured = new PreparedRootFactory(Path.Combine(Path.GetTempPath(), "elsewhere-" + Guid.NewGuid().ToString("N")));
        var error = Assert.ThrowsAny<Exception>(() => misconfigured.CreateClient());
        Assert.Contains("Corpora:PreparedRoot", error.ToString());
    }

    [Fact]
    public async Task A_prepared_root_inside_a_corpus_root_is_where_the_shards_go()
    {
        await using var configured = new PreparedRootFactory("prepared-here");
        var client = configured.Authorized();
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(configured.Root, $"{folder}/web", documents: 10, exactCopies: 1, seed: 4);
        var experiment = await client.CreateExperiment(("web", web.Reference));
        var job = await client.PrepareToCompletion(experiment.Id, PreparationClient.ExactOnly);
        Assert.Equal($"prepared-here/exp-{experiment.Id}/job-{job.Id}/web", job.Domains[0].PreparedCorpus);
        Assert.NotEmpty(Directory.GetFiles(configured.PathOf(job.Domains[0].PreparedCorpus), "*.jsonl.gz"));
    }

    /// <summary>The corpora host with <c>Corpora:PreparedRoot</c> set (relative: inside the corpus root).</summary>
    private sealed class PreparedRootFactory(string preparedRoot) : CorporaApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["Corpora:PreparedRoot"] = Path.IsPathRooted(preparedRoot) ? preparedRoot : Path.Combine(Root, preparedRoot);
                return settings;
            }
        }
    }
}
