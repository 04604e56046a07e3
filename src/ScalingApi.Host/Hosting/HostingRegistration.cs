using Microsoft.Extensions.Options;
using ScalingApi.Storage;
using ScalingApi.Storage.Migrations;

namespace ScalingApi.Host.Hosting;

public static class HostingRegistration
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section))
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.MaxBootstrap >= 0 && o.DefaultBootstrap <= o.MaxBootstrap,
                "Limits must be positive and DefaultBootstrap ≤ MaxBootstrap")
            .ValidateOnStart();
        return services;
    }

    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        return app;
    }

    /// <summary>SQLite storage: options, the per-request <see cref="DbSession"/> and one store per aggregate.</summary>
    public static IServiceCollection AddScalingApiStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), "Storage:DatabasePath is required")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value);
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<MigrationRunner>();
        services.AddScoped<DbSession>();
        services.AddScoped<ExperimentStore>();
        services.AddScoped<RunStore>();
        services.AddScoped<RunModelStore>();
        services.AddScoped<ObservationStore>();
        services.AddScoped<FitStore>();
        return services;
    }

    /// <summary>Brings the database schema up to date before the server accepts requests.</summary>
    public static WebApplication MigrateStorage(this WebApplication app)
    {
        var applied = app.Services.GetRequiredService<MigrationRunner>().Apply();
        var path = app.Services.GetRequiredService<StorageOptions>().DatabasePath;
        app.Logger.LogInformation("Database {Path} ready; applied migrations: {Applied}", Path.GetFullPath(path),
            applied.Count == 0 ? "none" : string.Join(", ", applied));
        return app;
    }
}
