using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ScalingApi.Host.Hosting;

/// <summary>
/// Enforces <see cref="LimitsOptions.MaxRequestBodyBytes"/> on every server: rejects a declared
/// Content-Length up front and sets the server's own limit for streamed bodies (Kestrel then
/// throws a 413 BadHttpRequestException, which the exception handler renders).
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<LimitsOptions> limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        var max = limits.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = max;
        return next(context);
    }
}
