using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScalingApi.Storage;

namespace ScalingApi.Host.Endpoints;

public static class HealthEndpoints
{
    /// <param name="Status"><c>ok</c>, <c>degraded</c> or <c>unhealthy</c> (the worst check).</param>
    /// <param name="SchemaVersion">The applied schema version; null when the database cannot be read.</param>
    /// <param name="Checks">Per check (<c>database</c>, <c>diskSpace</c>): its status and why.</param>
    public sealed record HealthResponse(string Status, int? SchemaVersion, IReadOnlyDictionary<string, CheckResponse> Checks);

    public sealed record CheckResponse(string Status, string? Description);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Check).WithTags("Health").WithName("Health");
        return routes;
    }

    /// <summary>Liveness and storage health (used by the container's HEALTHCHECK): 200 when ok or degraded, 503 when unhealthy.</summary>
    /// <response code="503">A storage check is unhealthy (read-only or unopenable database, disk nearly full).</response>
    public static async Task<JsonHttpResult<HealthResponse>> Check(HealthCheckService health, DbSession db, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var response = new HealthResponse(Name(report.Status), SchemaVersion(db),
            report.Entries.ToDictionary(e => e.Key, e => new CheckResponse(Name(e.Value.Status), e.Value.Description)));
        return TypedResults.Json(response, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static int? SchemaVersion(DbSession db)
    {
        try { return db.Connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version"); }
        catch (SqliteException) { return null; }
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
