using ScalingApi.Host.Errors;

namespace ScalingApi.Host.Auth;

/// <summary>Every request that can change state (anything but GET, HEAD, OPTIONS) must carry a valid key.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || keys.Accepts(context.Request.Headers[ApiKeyStore.HeaderName]))
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
                [new FieldError(ApiKeyStore.HeaderName, missing ? "header is required for non-GET requests" : "does not match any configured key")]),
        });
    }
}
