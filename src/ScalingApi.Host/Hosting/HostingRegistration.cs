using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ScalingApi.Host.Errors;
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

    /// <summary>
    /// Brings the database schema up to date before the server accepts requests. A store that cannot
    /// be migrated (read-only, full, unopenable) stops the start-up with the reason; one that is
    /// migrated but unhealthy now (read-only, nearly full) starts, logged as critical, and says so on /health.
    /// </summary>
    public static WebApplication MigrateStorage(this WebApplication app)
    {
        var path = Path.GetFullPath(app.Services.GetRequiredService<StorageOptions>().DatabasePath);
        IReadOnlyList<int> applied;
        try
        {
            applied = app.Services.GetRequiredService<MigrationRunner>().Apply();
        }
        catch (SqliteException e)
        {
            var reason = StorageFaults.Classify(e)?.Problem.Title ?? "The database failed.";
            app.Logger.LogCritical(e, "Cannot start: {Reason} Database {Path}, SQLite error {Code}", reason, path, e.SqliteErrorCode);
            throw new InvalidOperationException($"Cannot start on database {path}: {reason} (SQLite error {e.SqliteErrorCode}: {e.Message})", e);
        }
        app.Logger.LogInformation("Database {Path} ready; applied migrations: {Applied}", path, applied.Count == 0 ? "none" : string.Join(", ", applied));
        var report = app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().GetAwaiter().GetResult();
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
            app.Logger.Log(entry.Status == HealthStatus.Unhealthy ? LogLevel.Critical : LogLevel.Warning,
                "Storage check {Check} is {Status} at start-up: {Description}", name, entry.Status, entry.Description);
        return app;
    }
}
