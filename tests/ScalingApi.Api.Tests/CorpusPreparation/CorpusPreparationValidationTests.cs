using System.Net;
using ScalingApi.Api.Tests.Corpora;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.CorpusPreparation;

public sealed class CorpusPreparationValidationTests(CorporaApiFactory factory) : IClassFixture<CorporaApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private async Task<long> Experiment()
    {
        var folder = "prep-" + Guid.NewGuid().ToString("N")[..8];
        var web = PreparationCorpus.Write(factory.Root, $"{folder}/web", documents: 10, exactCopies: 0, seed: 1);
        var code = PreparationCorpus.Write(factory.Root, $"{folder}/code", documents: 10, exactCopies: 0, seed: 2);
        return (await _client.CreateExperiment(("web", web.Reference), ("code", code.Reference), ("bare", null))).Id;
    }

    [Theory]
    [InlineData("{}", "stages", "is required")]
    [InlineData("""{"stages":{}}""", "stages", "at least one stage")]
    [InlineData("""{"stages":{"nearDedup":{"threshold":1.5}}}""", "stages.nearDedup.threshold", "(0, 1]")]
    [InlineData("""{"stages":{"nearDedup":{"threshold":0}}}""", "stages.nearDedup.threshold", "(0, 1]")]
    [InlineData("""{"stages":{"nearDedup":{"permutations":128,"bands":7}}}""", "stages.nearDedup.bands", "divide")]
    [InlineData("""{"stages":{"nearDedup":{"permutations":5000}}}""", "stages.nearDedup.permutations", "between 1 and 1024")]
    [InlineData("""{"stages":{"nearDedup":{"nGram":0}}}""", "stages.nearDedup.nGram", "between 1 and")]
    [InlineData("""{"stages":{"language":{"languages":[]}}}""", "stages.language.languages", "at least one language")]
    [InlineData("""{"stages":{"language":{"languages":["english"]}}}""", "stages.language.languages[0]", "ISO 639-1")]
    [InlineData("""{"stages":{"language":{"minConfidence":2}}}""", "stages.language.minConfidence", "between 0 and 1")]
    [InlineData("""{"stages":{"language":{"languages":["xx"]}}}""", "stages.language.languages[0]", "the detector knows")]
    [InlineData("""{"stages":{"quality":{"minWords":500,"maxWords":100}}}""", "stages.quality.minWords", "at most maxWords")]
    [InlineData("""{"stages":{"quality":{"maxDuplicateLineFraction":1.2}}}""", "stages.quality.maxDuplicateLineFraction", "between 0 and 1")]
    [InlineData("""{"stages":{"quality":{"maxTopNGramCharacterFraction":{"2":-0.1}}}}""", "stages.quality.maxTopNGramCharacterFraction.2", "between 0 and 1")]
    [InlineData("""{"stages":{"quality":{"stopWordLanguages":["klingon"]}}}""", "stages.quality.stopWordLanguages[0]", "unknown stop-word list")]
    [InlineData("""{"stages":{"language":{},"acrossDomains":true}}""", "stages.acrossDomains", "exactDedup or nearDedup")]
    [InlineData("""{"domains":["nope"],"stages":{"exactDedup":{}}}""", "domains[0]", "the experiment's domains are web, code, bare")]
    [InlineData("""{"domains":["web","web"],"stages":{"exactDedup":{}}}""", "domains[1]", "duplicate")]
    [InlineData("""{"domains":[],"stages":{"exactDedup":{}}}""", "domains", "at least one domain")]
    public async Task A_bad_request_is_a_400_naming_the_field_and_the_rule_and_starts_nothing(string body, string field, string rule)
    {
        var id = await Experiment();
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{id}/corpus-preparation", body), HttpStatusCode.BadRequest, field, rule);
        Assert.Empty(await (await _client.GetAsync($"/api/experiments/{id}/corpus-preparation")).Read<List<object>>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_domain_without_a_corpus_is_a_422_naming_it()
    {
        var id = await Experiment();
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{id}/corpus-preparation", """{"domains":["web","bare"],"stages":{"exactDedup":{}}}"""),
            HttpStatusCode.UnprocessableEntity, "domains[1]", "'bare' has no corpus reference");
        var bareOnly = (await _client.CreateExperiment(("bare", null))).Id;
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{bareOnly}/corpus-preparation", PreparationClient.ExactOnly),
            HttpStatusCode.UnprocessableEntity, "domains", "no domain");
    }

    [Fact]
    public async Task Unknown_experiments_and_jobs_are_404_and_writes_need_the_key()
    {
        var id = await Experiment();
        await ProblemAssert.Is(await _client.PostRaw("/api/experiments/987654/corpus-preparation", PreparationClient.ExactOnly), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync("/api/experiments/987654/corpus-preparation"), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/corpus-preparation/987654"), HttpStatusCode.NotFound, "jobId");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{id}/corpus-preparation/987654/events"), HttpStatusCode.NotFound, "jobId");
        await ProblemAssert.Is(await _client.PostAsync($"/api/experiments/{id}/corpus-preparation/987654/cancel", null), HttpStatusCode.NotFound, "jobId");

        var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostRaw($"/api/experiments/{id}/corpus-preparation", PreparationClient.ExactOnly)).StatusCode);
        Assert.Empty(await (await _client.GetAsync($"/api/experiments/{id}/corpus-preparation")).Read<List<object>>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_second_job_while_one_is_active_is_a_409_naming_the_active_job()
    {
        var id = await Experiment();
        var active = PreparationClient.InsertQueuedJob(factory.DatabasePath, id);
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{id}/corpus-preparation", PreparationClient.ExactOnly),
            HttpStatusCode.Conflict, "id", $"job {active} (queued)");
        // another experiment is not blocked
        var other = await Experiment();
        Assert.Equal("completed", (await _client.PrepareToCompletion(other, """{"domains":["web"],"stages":{"exactDedup":{}}}""")).Status);
    }
}
