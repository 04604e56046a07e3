using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Api.Tests.Sweeps;
using ScalingApi.Contracts;
using ScalingApi.Contracts.Workers;
using Xunit;

namespace ScalingApi.Api.Tests.MixtureMethods;

/// <summary>Every bad request to the mixture-method endpoints is a 4xx problem naming the field, and writes nothing.</summary>
public sealed class MixtureMethodValidationTests(MixtureMethodApiFactory factory) : IClassFixture<MixtureMethodApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private Task<HttpResponseMessage> Post(long experimentId, string method, object body) =>
        _client.PostAsJsonAsync($"/api/experiments/{experimentId}/mixture-methods/{method}", body, ApiClientExtensions.Json);

    private (long Jobs, long Sweeps, long Runs) Rows() =>
        (factory.CountRows("mixture_method_jobs"), factory.CountRows("sweeps"), factory.CountRows("runs"));

    [Theory]
    [InlineData("""{"steps":0}""", "steps")]
    [InlineData("""{"eta":-1}""", "eta")]
    [InlineData("""{"eta":1000}""", "eta")]
    [InlineData("""{"smoothing":1.5}""", "smoothing")]
    [InlineData("""{"rounds":0}""", "rounds")]
    [InlineData("""{"rounds":11}""", "rounds")]
    [InlineData("""{"preset":"huge"}""", "preset")]
    [InlineData("""{"executor":"mainframe"}""", "executor")]
    public async Task DoReMi_parameters_out_of_range_are_400_and_write_nothing(string body, string field)
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"], tokens: [1e6, 2e6]);
        var before = Rows();
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{experiment.Id}/mixture-methods/doremi", body), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, Rows());
    }

    [Theory]
    [InlineData("""{"windowsPerDomain":0}""", "windowsPerDomain")]
    [InlineData("""{"lambda":0}""", "lambda")]
    [InlineData("""{"tauPretrain":-2}""", "tauPretrain")]
    [InlineData("""{"tauFinetune":0}""", "tauFinetune")]
    [InlineData("""{"checkpoint":{"experimentId":0,"run":"r"}}""", "checkpoint.experimentId")]
    [InlineData("""{"checkpoint":{"experimentId":1,"run":" "}}""", "checkpoint.run")]
    public async Task Chameleon_parameters_out_of_range_are_400_and_write_nothing(string body, string field)
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var before = Rows();
        await ProblemAssert.Is(await _client.PostRaw($"/api/experiments/{experiment.Id}/mixture-methods/chameleon", body), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, Rows());
    }

    [Fact]
    public async Task Unknown_experiment_job_and_reference_mixture_are_refused()
    {
        await ProblemAssert.Is(await Post(987654, "doremi", new { }), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await Post(987654, "chameleon", new { }), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.GetAsync("/api/mixture-methods/987654"), HttpStatusCode.NotFound, "jobId");
        await ProblemAssert.Is(await _client.PostAsync("/api/mixture-methods/987654/cancel", null), HttpStatusCode.NotFound, "jobId");
        await ProblemAssert.Is(await _client.GetAsync("/api/mixture-methods/987654/events"), HttpStatusCode.NotFound, "jobId");

        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        var before = Rows();
        await ProblemAssert.Is(await Post(experiment.Id, "doremi", new { referenceMixture = "no-such-mixture" }), HttpStatusCode.UnprocessableEntity,
            "referenceMixture", "unknown mixture");
        // natural needs token counts: none declared and no corpus statistics yet
        await ProblemAssert.Is(await Post(experiment.Id, "doremi", new { }), HttpStatusCode.Conflict, "domains[0].corpus");
        // the trained kinds have no result before a job completes
        await ProblemAssert.Is(await Post(experiment.Id, "doremi", new { referenceMixture = "doremi" }), HttpStatusCode.Conflict, "referenceMixture.kind", "no completed doremi job");
        await ProblemAssert.Is(await _client.GetAsync($"/api/experiments/{experiment.Id}/mixtures/chameleon"), HttpStatusCode.Conflict, "kind");
        Assert.Equal(before, Rows());
    }

    [Fact]
    public async Task An_experiment_without_corpora_is_422_and_writes_nothing()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        var before = Rows();
        await ProblemAssert.Is(await Post(experiment.Id, "doremi", new { referenceMixture = "uniform" }), HttpStatusCode.UnprocessableEntity, "domains[0].corpus");
        await ProblemAssert.Is(await Post(experiment.Id, "chameleon", new { }), HttpStatusCode.UnprocessableEntity, "domains[0].corpus");
        Assert.Equal(before, Rows());
    }

    [Fact]
    public async Task Unusable_checkpoints_are_422_naming_the_checkpoint()
    {
        var bytes = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        // a run posted by hand has no checkpoint
        await _client.CreateRun(bytes.Id, "posted", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 });
        // a run trained by a sweep with the GPT-2 tokenizer (vocabulary 50257)
        var (gpt2Sweep, _) = await _client.CreateSweep(bytes.Id, SweepClient.Explicit(new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 }) with { Tokenizer = "gpt2", Name = "g" });
        var gpt2Run = gpt2Sweep.Runs.Single().RunName;
        var before = Rows();

        object Checkpoint(long experimentId, string run) => new { checkpoint = new { experimentId, run } };
        await ProblemAssert.Is(await Post(bytes.Id, "chameleon", Checkpoint(987654, "x")), HttpStatusCode.UnprocessableEntity, "checkpoint.experimentId");
        await ProblemAssert.Is(await Post(bytes.Id, "chameleon", Checkpoint(bytes.Id, "nope")), HttpStatusCode.UnprocessableEntity, "checkpoint.run", "no run");
        await ProblemAssert.Is(await Post(bytes.Id, "chameleon", Checkpoint(bytes.Id, "posted")), HttpStatusCode.UnprocessableEntity, "checkpoint.run", "no checkpoint");
        await ProblemAssert.Is(await Post(bytes.Id, "chameleon", Checkpoint(bytes.Id, gpt2Run)), HttpStatusCode.UnprocessableEntity, "checkpoint.run", "not finished");
        var lease = await _client.Claim(gpt2Sweep.Id);
        await _client.Complete(lease.LeaseId);
        await ProblemAssert.Is(await Post(bytes.Id, "chameleon", Checkpoint(bytes.Id, gpt2Run)), HttpStatusCode.UnprocessableEntity, "checkpoint", "vocabulary 50257");
        Assert.Equal(before, Rows());
    }

    [Fact]
    public async Task Writes_need_the_api_key()
    {
        var experiment = await factory.CreateCorpusExperiment(_client, ["a", "b"]);
        using var anonymous = factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync($"/api/experiments/{experiment.Id}/mixture-methods/doremi", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
