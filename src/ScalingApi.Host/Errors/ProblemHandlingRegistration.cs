namespace ScalingApi.Host.Errors;

public static class ProblemHandlingRegistration
{
    /// <summary>Problem details for every error response, and the handler that classifies exceptions.</summary>
    public static IServiceCollection AddProblemHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Minimal APIs must throw on unreadable bodies (instead of a bare 400) so the handler can name the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        // 404 for unknown routes, 405, 415 … get a problem body too.
        app.UseStatusCodePages();
        return app;
    }
}
