using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ScalingApi.Api.Tests.Infrastructure;
using ScalingApi.Host.Validation;
using Xunit;

namespace ScalingApi.Api.Tests.Validation;

/// <summary>
/// Issue 14: every endpoint that reads a body validates it in the one seam (<c>.Validates&lt;TRequest, TValidator&gt;()</c>)
/// or is on the exemption list below with the reason, so a new endpoint cannot quietly validate in its service again.
/// </summary>
public sealed class ValidationSeamCoverageTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Endpoints whose body is not one bound object, so an endpoint filter has nothing to check before the handler.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        // the handler reads the raw body (a JSON array or text/csv); the reader reports a row's cell errors and its
        // own rules together, by line, in one answer, which needs the rows as they are parsed
        ["PostObservations"] = "raw JSON or CSV body read by ObservationBodyReader",
        // two CSV files in a multipart form, read cell by cell with line numbers (the same reason)
        ["ImportWideLayout"] = "multipart CSV files read by WideLayoutReader",
    };

    private List<(string Name, IAcceptsMetadata Accepts, EndpointMetadataCollection Metadata, string Url)> BodyEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!,
                Accepts: e.Metadata.GetMetadata<IAcceptsMetadata>(), e.Metadata, Url: Url(e.RoutePattern.RawText!)))
            .Where(e => e.Accepts is { ContentTypes.Count: > 0 })
            .Select(e => (e.Name, e.Accepts!, e.Metadata, e.Url))
            .ToList();

    /// <summary>The route with ids of nothing stored: a body's own refusals come before any lookup.</summary>
    private static string Url(string pattern) =>
        Regex.Replace(Regex.Replace(pattern, @"\{[^}]*:guid\}", Guid.NewGuid().ToString()), @"\{[^}]+\}", "987654");

    [Fact]
    public void Every_endpoint_with_a_request_body_validates_it_with_the_filter_or_is_exempt_with_a_reason()
    {
        var endpoints = BodyEndpoints();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} endpoints with a body found: the enumeration is broken");

        var missing = endpoints
            .Where(e => !Exempt.ContainsKey(e.Name))
            .Where(e => e.Metadata.GetMetadata<RequestValidationMetadata>() is not { } seam || seam.RequestType != e.Accepts.RequestType)
            .Select(e => $"{e.Name} ({e.Accepts.RequestType?.Name}): no .Validates<{e.Accepts.RequestType?.Name}, …>()")
            .ToList();
        Assert.True(missing.Count == 0, "endpoints validating their body outside the seam:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_exemption_list_names_only_endpoints_that_read_a_body_and_do_not_use_the_filter()
    {
        var endpoints = BodyEndpoints().ToDictionary(e => e.Name);
        foreach (var name in Exempt.Keys)
        {
            Assert.True(endpoints.TryGetValue(name, out var endpoint), $"{name} is exempt but reads no body (or no longer exists)");
            Assert.Null(endpoint.Metadata.GetMetadata<RequestValidationMetadata>());
        }
    }

    /// <summary>Issue 14 (item 4): on every endpoint reading a JSON object, a member its contract lacks is a 400 naming it and the fields there are.</summary>
    [Fact]
    public async Task Every_json_object_body_refuses_an_unknown_member_by_name()
    {
        var client = factory.Authorized();
        var wrong = new List<string>();
        var objectBodies = BodyEndpoints().Where(e => e.Accepts.ContentTypes.Contains("application/json")
                                                      && !typeof(System.Collections.IEnumerable).IsAssignableFrom(e.Accepts.RequestType)).ToList();
        Assert.True(objectBodies.Count >= 20, $"only {objectBodies.Count} JSON object bodies found");
        foreach (var endpoint in objectBodies)
        {
            var response = await client.PostRaw(endpoint.Url, """{"zz_unknown":1}""");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains("\"field\":\"zz_unknown\"") || !body.Contains("the fields here are"))
                wrong.Add($"{endpoint.Name}: {(int)response.StatusCode} {body}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Issue 14 (item 4): on every endpoint reading a body, a content type it does not read is a 415 listing the ones it does.</summary>
    [Fact]
    public async Task Every_body_endpoint_answers_a_wrong_content_type_with_the_ones_it_accepts()
    {
        var client = factory.Authorized();
        var wrong = new List<string>();
        foreach (var endpoint in BodyEndpoints())
        {
            var response = await client.PostRaw(endpoint.Url, "x", "text/plain");
            var body = await response.Content.ReadAsStringAsync();
            var listed = "send one of: " + string.Join(", ", endpoint.Accepts.ContentTypes.Distinct());
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType || !body.Contains(listed)) wrong.Add($"{endpoint.Name}: {(int)response.StatusCode} {body} (want '{listed}')");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
