using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace ScalingApi.Storage.Migrations;

/// <summary>
/// Applies the embedded scripts <c>Migrations/NNNN_description.sql</c> in numeric order, each in its
/// own transaction, recording each in <c>schema_version</c>. Already applied versions are skipped,
/// so start-up is idempotent. Never edit a released script: add the next number instead.
/// </summary>
public sealed partial class MigrationRunner(SqliteConnectionFactory factory)
{
    public sealed record Migration(int Version, string Name, string Sql);

    [GeneratedRegex(@"Migrations\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();

    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success) continue;
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        return migrations.OrderBy(m => m.Version).ToList();
    }

    /// <returns>The versions applied by this call.</returns>
    public IReadOnlyList<int> Apply()
    {
        using var connection = factory.Open();
        // WAL lets readers proceed while a writer holds the lock; the setting persists in the file.
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            );
            """);
        var applied = connection.Query<int>("SELECT version FROM schema_version").ToHashSet();
        var done = new List<int>();
        foreach (var migration in Embedded().Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow.ToString("O") },
                transaction);
            transaction.Commit();
            done.Add(migration.Version);
        }
        return done;
    }
}
