using OpenTelemetry.Metrics;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Host.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Path of the Prometheus scrape endpoint (anonymous GET, like /health).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>OpenTelemetry metrics: ASP.NET Core's request duration and the service's own instruments, for Prometheus.</summary>
    public static IServiceCollection AddScalingApiTelemetry(this IServiceCollection services)
    {
        services.AddScoped<SweepStatusCounts>();
        services.AddSingleton<ScalingApiMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ScalingApiMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static IEndpointRouteBuilder MapScalingApiMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint(MetricsPath);
        return routes;
    }
}
