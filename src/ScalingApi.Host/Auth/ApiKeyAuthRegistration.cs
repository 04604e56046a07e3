namespace ScalingApi.Host.Auth;

public static class ApiKeyAuthRegistration
{
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<ApiKeyStore>();
        return services;
    }

    /// <summary>Resolves the key store at start-up so a generated key exists (and is logged) before the first request.</summary>
    public static WebApplication UseApiKeyAuth(this WebApplication app)
    {
        app.Services.GetRequiredService<ApiKeyStore>();
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }
}
