using System.Net;
using System.Net.Http.Headers;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>A 415 tells the client what to send instead: the content types the endpoint accepts.</summary>
public sealed class UnsupportedMediaTypeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.Authorized();

    private static string Rule(System.Text.Json.JsonElement problem) =>
        problem.GetProperty("errors")[0].GetProperty("rule").GetString()!;

    [Fact]
    public async Task A_json_endpoint_lists_application_json()
    {
        var response = await _client.PostRaw("/api/experiments", "name=x", "text/plain");
        var problem = await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Content-Type", "application/json");
        Assert.Contains("text/plain", Rule(problem));
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_observations_endpoint_lists_json_and_csv()
    {
        var experiment = await _client.CreateExperiment(["a"]);
        var response = await _client.PostRaw($"/api/experiments/{experiment.Id}/observations", "run,step", "text/plain");
        var rule = Rule(await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Content-Type"));
        Assert.Contains("application/json", rule);
        Assert.Contains("text/csv", rule);
    }

    [Fact]
    public async Task The_wide_import_lists_multipart_form_data()
    {
        var experiment = await _client.CreateExperiment(["a"]);
        var response = await _client.PostRaw($"/api/experiments/{experiment.Id}/imports/wide", "{}");
        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Content-Type", "multipart/form-data");
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_told_which_to_send()
    {
        var content = new ByteArrayContent("{\"name\":\"x\"}"u8.ToArray());
        Assert.Null(content.Headers.ContentType);
        var response = await _client.PostAsync("/api/experiments", content);
        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Content-Type", "application/json");
    }

    [Fact]
    public async Task An_undecodable_charset_still_names_the_charset_and_says_to_send_utf8()
    {
        var content = new StringContent("{}");
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "klingon" };
        var response = await _client.PostAsync("/api/experiments", content);
        await ProblemAssert.Is(response, HttpStatusCode.UnsupportedMediaType, "Content-Type", "UTF-8");
    }
}
