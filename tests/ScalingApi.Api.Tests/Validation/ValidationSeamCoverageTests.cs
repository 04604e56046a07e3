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

    private List<(string Name, IAcceptsMetadata Accepts, EndpointMetadataCollection Metadata)> BodyEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.RoutePattern.RawText!,
                Accepts: e.Metadata.GetMetadata<IAcceptsMetadata>(), e.Metadata))
            .Where(e => e.Accepts is { ContentTypes.Count: > 0 })
            .Select(e => (e.Name, e.Accepts!, e.Metadata))
            .ToList();

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
}
