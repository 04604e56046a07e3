using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScalingApi.Host.Errors;
using ScalingApi.Storage;

namespace ScalingApi.Host.Health;

/// <summary>
/// Healthy when the database takes a write: a row inserted into <c>health_probe</c> inside a
/// transaction that is always rolled back (nothing reaches the file). A read-only file, mount or
/// an unreadable database is Unhealthy; a lock held by another writer is only Degraded.
/// </summary>
public sealed class DatabaseWritableCheck(SqliteConnectionFactory factory) : IHealthCheck
{
    public const string Name = "database";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = factory.Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            connection.Execute("INSERT INTO health_probe (checked_at) VALUES (@at)", new { at = DateTimeOffset.UtcNow.ToString("O") }, transaction);
            transaction.Rollback();
            return Task.FromResult(HealthCheckResult.Healthy("writable"));
        }
        catch (SqliteException e)
        {
            var fault = StorageFaults.Classify(e);
            var description = $"{fault?.Problem.Title ?? "The database failed."} (SQLite error {e.SqliteErrorCode}: {e.Message})";
            return Task.FromResult(fault?.Problem.Title == StorageFaults.BusyTitle
                ? HealthCheckResult.Degraded(description)
                : HealthCheckResult.Unhealthy(description));
        }
    }
}
