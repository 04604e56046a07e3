using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Infrastructure;
using Xunit;

namespace ScalingApi.Api.Tests;

/// <summary>The published OpenAPI document describes every error body, every request body's example, and which operations need the key.</summary>
public sealed class SwaggerCompletenessTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonElement> Document() =>
        JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject().Where(m => Methods.Contains(m.Name)).Select(m => (path.Name, m.Name, m.Value)));

    [Fact]
    public async Task Every_operation_documents_its_errors_as_problem_json_with_the_schema_and_an_example()
    {
        var doc = await Document();
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(doc))
        {
            var errors = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name == "500").ToList();
            if (!errors.Any(e => e.Name == "500")) missing.Add($"{method} {path}: no 500 (every operation can fail unexpectedly)");
            var takesInput = operation.TryGetProperty("requestBody", out _)
                             || (operation.TryGetProperty("parameters", out var parameters) && parameters.GetArrayLength() > 0);
            if (!errors.Any(e => e.Name.StartsWith('4')) && takesInput) missing.Add($"{method} {path}: no 4xx response");
            foreach (var error in errors)
            {
                if (!error.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var media))
                {
                    missing.Add($"{method} {path} {error.Name}: no application/problem+json body");
                    continue;
                }
                if (media.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/ProblemResponse")
                    missing.Add($"{method} {path} {error.Name}: not the ProblemResponse schema");
                if (!media.TryGetProperty("example", out var example) || example.GetProperty("status").GetInt32().ToString() != error.Name)
                    missing.Add($"{method} {path} {error.Name}: no example with that status");
            }
            var codes = errors.Select(e => e.Name).ToHashSet();
            if (method != "get" && !codes.Contains("401")) missing.Add($"{method} {path}: writes need the key, but no 401");
            if (operation.TryGetProperty("requestBody", out _) && !(codes.Contains("400") && codes.Contains("415")))
                missing.Add($"{method} {path}: takes a body, but not both 400 and 415");
            if (path.Contains('{') && !codes.Contains("404")) missing.Add($"{method} {path}: names a resource, but no 404");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));

        var schema = doc.GetProperty("components").GetProperty("schemas").GetProperty("ProblemResponse").GetProperty("properties");
        foreach (var member in new[] { "type", "title", "status", "detail", "errors", "traceId" }) Assert.True(schema.TryGetProperty(member, out _), member);
    }

    /// <summary>
    /// Issue 14: the endpoints declare their refusals (ProblemResponses, ProducesProblem) instead of the document guessing
    /// them; a write without a body (cancel, heartbeat) still answers 400 for a bad route or query value, and it was not listed.
    /// </summary>
    [Fact]
    public async Task Every_write_lists_400_and_401_and_every_route_naming_a_resource_lists_404_all_as_problem_json()
    {
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(await Document()))
        {
            var responses = operation.GetProperty("responses");
            var required = new List<string>();
            if (method != "get") required.AddRange(["400", "401"]);
            if (path.Contains('{')) required.Add("404");
            foreach (var status in required)
            {
                if (!responses.TryGetProperty(status, out var response)) missing.Add($"{method} {path}: no {status}");
                else if (!response.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                    missing.Add($"{method} {path}: {status} is not application/problem+json");
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public void Every_api_endpoint_declares_its_refusals_in_its_metadata_not_only_in_the_document()
    {
        var undeclared = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => !e.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
                .Any(m => m.StatusCode == 500 && m.ContentTypes.Contains("application/problem+json")))
            .Select(e => e.DisplayName)
            .ToList();
        Assert.True(undeclared.Count == 0, "endpoints without WithProblemResponses():\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public async Task Every_request_body_has_an_example_for_each_content_type()
    {
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations(await Document()))
        {
            if (!operation.TryGetProperty("requestBody", out var body)) continue;
            foreach (var media in body.GetProperty("content").EnumerateObject())
                if (!media.Value.TryGetProperty("example", out var example) || example.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                    missing.Add($"{method} {path} ({media.Name}) [{operation.GetProperty("operationId").GetString()}]");
        }
        Assert.True(missing.Count == 0, "request bodies without an example (add them to Swagger/RequestExamples.cs):\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Only_writes_carry_the_key_requirement()
    {
        foreach (var (path, method, operation) in Operations(await Document()))
        {
            var secured = operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
            Assert.True(secured == (method != "get"), $"{method} {path}: secured={secured}");
            if (secured) Assert.True(security[0].TryGetProperty("ApiKey", out _), $"{method} {path}");
        }
    }

    [Fact]
    public async Task Tags_follow_the_workflow_and_the_ui_keeps_the_key_across_reloads()
    {
        var doc = await Document();
        var tags = doc.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Experiments", "Runs", "Observations", "Fits", "Plots", "Corpora", "Mixtures", "Sweeps", "Workers", "Health"], tags.Take(10));
        // operations appear in the same order, so the UI reads top to bottom as a walkthrough
        var firstTags = Operations(doc).Select(o => o.Operation.GetProperty("tags")[0].GetString()).Distinct().ToList();
        Assert.Equal(tags.Where(firstTags.Contains), firstTags);

        var client = factory.CreateClient();
        var ui = await client.GetStringAsync("/swagger/index.html");
        var config = ui.Contains("persistAuthorization") ? ui : await client.GetStringAsync("/swagger/index.js");
        Assert.Matches("\"persistAuthorization\"\\s*:\\s*true", config);
    }
}
