namespace ScalingApi.Host.Errors;

public static class ProblemHandlingRegistration
{
    /// <summary>Problem details for every error response, and the handler that classifies exceptions.</summary>
    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            // problems raised by the framework itself (routing 404/405/415) get the same errors list as ours
            if (!ctx.ProblemDetails.Extensions.ContainsKey("errors"))
            {
                var error = FrameworkError(ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode, ctx.HttpContext);
                ctx.ProblemDetails.Extensions["errors"] = new[] { error };
                // clients show detail to people; the framework's own problems leave it empty
                ctx.ProblemDetails.Detail ??= $"{error.Field}: {error.Rule}";
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Minimal APIs must throw on unreadable bodies (instead of a bare 400) so the handler can name the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    private static FieldError FrameworkError(int status, HttpContext context) => status switch
    {
        StatusCodes.Status404NotFound => new("path", "no such resource or route"),
        StatusCodes.Status405MethodNotAllowed => new("method", "not allowed on this route"),
        StatusCodes.Status415UnsupportedMediaType => UnsupportedContentType.Error(context),
        _ => new("request", "rejected by the server"),
    };

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // 404 for unknown routes, 405, 415 … get a problem body too.
        app.UseStatusCodePages();
        return app;
    }
}
