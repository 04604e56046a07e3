using Microsoft.AspNetCore.Http.Metadata;

namespace ScalingApi.Host.Endpoints;

/// <summary>
/// Declares on each endpoint the refusals the pipeline can answer it with, as endpoint metadata (what
/// <c>ProducesProblem</c> declares), so the OpenAPI document and any other reader of the metadata know them:
/// 400 and 401 on every write (its input; the API key), 400 and 415 where it reads a body, 404 where its route names
/// a resource, 500 everywhere. The refusals particular to an endpoint (409, 410, 422) it declares itself with
/// <c>.ProducesProblem(…)</c>.
/// </summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    public static TBuilder WithProblemResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the handler's own metadata (its body, its methods) has been inferred
        builder.Finally(endpoint =>
        {
            foreach (var status in Statuses(endpoint))
                if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [ContentType]));
        });
        return builder;
    }

    private static SortedSet<int> Statuses(EndpointBuilder endpoint)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        var statuses = new SortedSet<int> { StatusCodes.Status500InternalServerError };
        if (methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m)))
        {
            statuses.Add(StatusCodes.Status400BadRequest);
            statuses.Add(StatusCodes.Status401Unauthorized);
        }
        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any(m => m.ContentTypes.Count > 0))
        {
            statuses.Add(StatusCodes.Status400BadRequest);
            statuses.Add(StatusCodes.Status415UnsupportedMediaType);
        }
        if (endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 }) statuses.Add(StatusCodes.Status404NotFound);
        return statuses;
    }
}
