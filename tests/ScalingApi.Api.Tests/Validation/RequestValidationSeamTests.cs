using System.Net;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>
/// Issue 14: a request body's own rules run in one place, an endpoint filter before the handler, so the handler
/// and the services below it never see a malformed request.
/// </summary>
public sealed class RequestValidationSeamTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task A_malformed_body_is_refused_before_the_handler_looks_anything_up()
    {
        // no experiment 987654: the handler would answer 404, the filter answers first
        var response = await _client.PostRaw("/api/experiments/987654/fits", """{"law":"bimix","bootstrap":-1}""");

        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "bootstrap", "between 0");
    }

    [Fact]
    public async Task Every_broken_rule_of_an_experiment_is_named_at_once_and_nothing_is_written()
    {
        var before = factory.CountRows("experiments");

        var response = await _client.PostRaw("/api/experiments", """{"name":" ","domains":[{"name":"a"},{"name":"a"}],"tokensPerStep":-1,"tokenizer":"nope"}""");

        var problem = await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "name");
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["name", "tokensPerStep", "domains[1].name", "tokenizer"], fields);
        Assert.Equal(before, factory.CountRows("experiments"));
    }

    private const string NoLease = "/api/leases/3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    /// <summary>
    /// Every endpoint whose body rules moved out of its service into the seam: a malformed body is refused with 400 naming the
    /// field even where the route names nothing that exists (the services looked the resource up first and answered 404).
    /// </summary>
    [Theory]
    [InlineData("/api/experiments/987654/runs", """{"name":" ","mixture":{"a":1}}""", "name", "blank")]
    [InlineData("/api/fits/987654/predictions", """{"points":[]}""", "points", "at least one point")]
    [InlineData("/api/fits/987654/optimal-mixture", """{"steps":1000,"tokens":5}""", "steps", "not both")]
    [InlineData("/api/fits/987654/next-runs", """{"count":0,"steps":100}""", "count", "between 1 and")]
    [InlineData("/api/fits/987654/compute-optimal", """{"flops":-1}""", "flops", "> 0")]
    [InlineData("/api/experiments/987654/sweeps", """{"mixtures":[{"mixture":{"a":1}}],"model":{"preset":"tiny"},"steps":0,"checkpoints":{"count":2}}""", "steps", "[1, ")]
    [InlineData("/api/experiments/987654/comparisons", """{"candidates":[{"kind":"uniform"}],"seeds":0}""", "seeds", "[1, ")]
    [InlineData("/api/experiments/987654/mixtures", """{"name":"a/b","mixture":{"a":1}}""", "name", "URL")]
    [InlineData("/api/experiments/987654/corpus-stats", """{"tokenizer":"nope"}""", "tokenizer", "unknown tokenizer 'nope'")]
    [InlineData("/api/experiments/987654/corpus-preparation", """{"stages":{}}""", "stages", "at least one stage")]
    [InlineData("/api/experiments/987654/mixture-methods/doremi", """{"eta":-1}""", "eta", "(0, 100]")]
    [InlineData("/api/experiments/987654/mixture-methods/chameleon", """{"lambda":0}""", "lambda", "> 0")]
    [InlineData(NoLease + "/domain-weights", """{"step":0,"weights":{"a":1},"average":{"a":1}}""", "step", "≥ 1")]
    [InlineData(NoLease + "/embeddings", """{"embeddings":{"a":[]},"layer":0,"windows":1}""", "embeddings", "non-empty")]
    [InlineData(NoLease + "/fail", """{"error":" "}""", "error", "blank")]
    public async Task A_malformed_body_is_refused_by_the_seam_before_its_service_looks_anything_up(string url, string body, string field, string rule)
    {
        await ProblemAssert.Is(await _client.PostRaw(url, body), HttpStatusCode.BadRequest, field, rule);
    }

    /// <summary>A body-less start of a corpus preparation is a missing body now (the filter needs one to check), still a 400.</summary>
    [Fact]
    public async Task A_corpus_preparation_without_a_body_is_refused_as_missing_its_body()
    {
        var experiment = await _client.CreateExperiment(["a"]);
        var response = await _client.PostAsync($"/api/experiments/{experiment.Id}/corpus-preparation", null);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "body", "required");
    }
}
