using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using ScalingApi.Storage;

namespace ScalingApi.Host.Endpoints;

public static class HealthEndpoints
{
    public sealed record HealthResponse(string Status, int SchemaVersion);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Check).WithTags("Health").WithName("Health");
        return routes;
    }

    /// <summary>Liveness and database reachability (used by the container's HEALTHCHECK).</summary>
    public static Ok<HealthResponse> Check(DbSession db) =>
        TypedResults.Ok(new HealthResponse("ok", db.Connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version")));
}
