using Microsoft.Extensions.Options;
using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Auth;

/// <summary>
/// Every request that can change state (anything but GET, HEAD, OPTIONS) must carry a valid key; with
/// <see cref="AuthOptions.RequireKeyForReads"/> so must reads, except the health probe, the metrics scrape and the API docs.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, IProblemDetailsService problems, IOptions<AuthOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request) || keys.Accepts(context.Request.Headers[ApiKeyStore.HeaderName]))
        {
            await next(context);
            return;
        }
        var missing = string.IsNullOrEmpty(context.Request.Headers[ApiKeyStore.HeaderName]);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyStore.HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblems.Create(401, "Missing or wrong API key.",
                [new FieldError(ApiKeyStore.HeaderName, missing ? (options.Value.RequireKeyForReads ? "header is required (Auth:RequireKeyForReads)" : "header is required for non-GET requests") : "does not match any configured key")]),
        });
    }

    private bool IsOpen(HttpRequest request)
    {
        if (HttpMethods.IsOptions(request.Method)) return true;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        return !options.Value.RequireKeyForReads
               || request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase)
               || request.Path.Equals(Telemetry.TelemetryRegistration.MetricsPath, StringComparison.OrdinalIgnoreCase)
               || request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);
    }
}
