using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace ScalingApi.Host.Errors;

/// <summary>
/// The 415 for a body the endpoint cannot read: names the content type sent and lists the ones the
/// endpoint accepts (its <see cref="IAcceptsMetadata"/>: inferred for JSON and form bodies, declared
/// with <c>.Accepts(…)</c> where a handler reads the body itself), so the client knows what to send.
/// </summary>
public static class UnsupportedContentType
{
    public const string Title = "Unsupported media type.";

    public static FieldError Error(HttpContext context)
    {
        var accepted = Accepted(context);
        var sent = string.IsNullOrWhiteSpace(context.Request.ContentType) ? "is missing" : $"'{EchoedValue.Of(context.Request.ContentType)}' is not accepted by this route";
        return new FieldError("Content-Type", accepted.Count > 0 ? $"{sent}; send one of: {string.Join(", ", accepted)}" : $"{sent} (see /swagger)");
    }

    public static HttpProblem Problem(HttpContext context) =>
        new(StatusCodes.Status415UnsupportedMediaType, Title, [Error(context)]);

    private static List<string> Accepted(HttpContext context)
    {
        // a handler that reads the body itself threw: its endpoint is current (or, in the exception handler, kept by the feature)
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var own = endpoint?.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes).Distinct().ToList();
        if (own is { Count: > 0 }) return own;
        // routing refused the content type itself and answered from its own 415 endpoint: find the routes the request was meant for
        var routes = context.RequestServices.GetService<EndpointDataSource>()?.Endpoints.OfType<RouteEndpoint>() ?? [];
        return routes
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(context.Request.Method) ?? true)
            .Where(e => new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()).TryMatch(context.Request.Path, new RouteValueDictionary()))
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes))
            .Distinct().ToList();
    }
}
