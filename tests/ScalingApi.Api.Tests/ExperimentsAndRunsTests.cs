using System.Net;
using System.Net.Http.Json;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Contracts;
using Xunit;

namespace ScalingApi.Api.Tests;

public sealed class ExperimentsAndRunsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    [Fact]
    public async Task Created_experiment_is_listed_and_fetchable_by_its_location()
    {
        var response = await _client.PostAsJsonAsync("/api/experiments",
            new CreateExperimentRequest("slimpajama", [new("ArXiv", 1e9), new("Books")], 524288));
        var created = await response.Read<ExperimentResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/experiments/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(["ArXiv", "Books"], created.Domains.Select(d => d.Name));
        Assert.Equal(1e9, created.Domains[0].Tokens);
        Assert.Null(created.Domains[1].Tokens);
        Assert.Equal(524288, created.TokensPerStep);

        var fetched = await (await _client.GetAsync(response.Headers.Location)).Read<ExperimentResponse>(HttpStatusCode.OK);
        Assert.Equal(created.Name, fetched.Name);
        Assert.Equal(2, fetched.Domains.Count);
        var list = await (await _client.GetAsync("/api/experiments")).Read<List<ExperimentResponse>>(HttpStatusCode.OK);
        Assert.Contains(list, e => e.Id == created.Id && e.Domains.Count == 2);
    }

    [Fact]
    public async Task Json_uses_camel_case()
    {
        var experiment = await _client.CreateExperiment(["a"], tokensPerStep: 10);
        var json = await _client.GetStringAsync($"/api/experiments/{experiment.Id}");
        Assert.Contains("\"tokensPerStep\":10", json);
        Assert.Contains("\"domains\":[{\"name\":\"a\"", json);
    }

    [Theory]
    [InlineData("""{"name":"","domains":[{"name":"a"}]}""", "name", "blank")]
    [InlineData("""{"name":"x","domains":[]}""", "domains", "at least one")]
    [InlineData("""{"name":"x"}""", "domains", "missing required")]
    [InlineData("""{"name":"x","domains":[{"name":"a"},{"name":"a"}]}""", "domains[1].name", "duplicate")]
    [InlineData("""{"name":"x","domains":[{"name":"a,b"}]}""", "domains[0].name", "commas")]
    [InlineData("""{"name":"x","domains":[{"name":"a","tokens":-5}]}""", "domains[0].tokens", "> 0")]
    [InlineData("""{"name":"x","domains":[{"name":"a","tokens":"NaN"}]}""", "domains[0].tokens", "valid JSON")]
    [InlineData("""{"name":"x","domains":[{"name":"a","tokens":1e999}]}""", "domains[0].tokens", "finite")]
    [InlineData("""{"name":"x","domains":[{"name":"a"}],"tokensPerStep":"Infinity"}""", "tokensPerStep", "valid JSON")]
    [InlineData("""{"name":"x","domains":[{"name":"a"}],"tokensPerStep":0}""", "tokensPerStep", "> 0")]
    [InlineData("""{"name":"x","domains":[{"name":"a"}""", "*", "valid JSON")]
    [InlineData("""[1,2]""", "body", "valid JSON")]
    public async Task Invalid_experiment_is_a_problem_naming_the_field(string body, string field, string rule)
    {
        var before = factory.CountRows("experiments");
        var response = await _client.PostRaw("/api/experiments", body);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, field, rule);
        Assert.Equal(before, factory.CountRows("experiments"));
    }

    [Fact]
    public async Task Empty_body_is_a_problem()
    {
        var response = await _client.PostRaw("/api/experiments", "");
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Unknown_experiment_is_404_problem()
    {
        await ProblemAssert.Is(await _client.GetAsync("/api/experiments/999999"), HttpStatusCode.NotFound, "id", "no experiment");
        await ProblemAssert.Is(await _client.GetAsync("/api/experiments/999999/runs"), HttpStatusCode.NotFound, "id");
        await ProblemAssert.Is(await _client.PostAsJsonAsync("/api/experiments/999999/runs",
            new CreateRunRequest("r", new Dictionary<string, double> { ["a"] = 1 })), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Run_is_created_and_listed_with_its_mixture()
    {
        var experiment = await _client.CreateExperiment(["a", "b", "c"]);
        var run = await _client.CreateRun(experiment.Id, "run-1", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.3, ["c"] = 0.2 });
        Assert.Equal("run-1", run.Name);
        var runs = await (await _client.GetAsync($"/api/experiments/{experiment.Id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK);
        var listed = Assert.Single(runs);
        Assert.Equal(0.3, listed.Mixture["b"]);
        Assert.Equal(0, listed.Observations);
    }

    [Theory]
    [InlineData("""{"name":"r","mixture":{"a":0.5,"b":0.6}}""", "mixture", "sum to 1")]
    [InlineData("""{"name":"r","mixture":{"a":1.5,"b":-0.5}}""", "mixture.b", "≥ 0")]
    [InlineData("""{"name":"r","mixture":{"a":1}}""", "mixture.b", "missing")]
    [InlineData("""{"name":"r","mixture":{"a":0.5,"b":0.4,"zzz":0.1}}""", "mixture.zzz", "unknown domain")]
    [InlineData("""{"name":"r","mixture":{"a":"NaN","b":0.5}}""", "mixture.a", "valid JSON")]
    [InlineData("""{"name":"r","mixture":{"a":1e400,"b":0}}""", "mixture.a", "finite")]
    [InlineData("""{"name":"","mixture":{"a":0.5,"b":0.5}}""", "name", "blank")]
    [InlineData("""{"name":"r"}""", "mixture", "missing required")]
    public async Task Invalid_run_is_a_problem_naming_the_field(string body, string field, string rule)
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        var response = await _client.PostRaw($"/api/experiments/{experiment.Id}/runs", body);
        await ProblemAssert.Is(response, HttpStatusCode.BadRequest, field, rule);
        Assert.Empty(await (await _client.GetAsync($"/api/experiments/{experiment.Id}/runs")).Read<List<RunResponse>>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Proportions_within_tolerance_are_accepted_and_duplicate_run_names_conflict()
    {
        var experiment = await _client.CreateExperiment(["a", "b"]);
        await _client.CreateRun(experiment.Id, "r", new Dictionary<string, double> { ["a"] = 0.50005, ["b"] = 0.5 });
        var again = await _client.PostAsJsonAsync($"/api/experiments/{experiment.Id}/runs",
            new CreateRunRequest("r", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.5 }));
        await ProblemAssert.Is(again, HttpStatusCode.Conflict, "name", "already exists");
    }
}
