using System.Net;
using System.Text.Json;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests;

public sealed class SwaggerTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Document_lists_every_endpoint_with_xml_comments_examples_and_the_api_key_scheme()
    {
        var json = await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        var doc = JsonDocument.Parse(json).RootElement;
        var paths = doc.GetProperty("paths");
        string[] expected =
        [
            "/api/experiments", "/api/experiments/{id}", "/api/experiments/{id}/runs", "/api/experiments/{id}/observations",
            "/api/experiments/{id}/imports/wide", "/api/experiments/{id}/fits", "/api/fits/{id}", "/api/fits/{id}/predictions",
            "/api/fits/{id}/optimal-mixture", "/health",
        ];
        foreach (var path in expected) Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");

        var createFit = paths.GetProperty("/api/experiments/{id}/fits").GetProperty("post");
        Assert.Contains("BiMix", createFit.GetProperty("summary").GetString());
        var example = createFit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("bimix", example.GetProperty("law").GetString());
        Assert.Equal("last-step", example.GetProperty("holdout").GetProperty("kind").GetString());

        var observations = paths.GetProperty("/api/experiments/{id}/observations").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(observations.TryGetProperty("text/csv", out _));
        Assert.Equal("X-Api-Key", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Contains("single proportion", json); // contract record parameter docs (DomainFitResponse.Alpha)
    }
}
