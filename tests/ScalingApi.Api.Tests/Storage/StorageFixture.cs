using Dapper;
using ScalingApi.Storage;
using ScalingApi.Storage.Migrations;

namespace ScalingApi.Api.Tests.Storage;

/// <summary>
/// A migrated SQLite file in a fresh temp directory, driven through the real storage classes without
/// the web host: for tests that look at what the store does to the database (pages read, locks held).
/// One experiment with domains a–d and runs "big" (filled by <see cref="Fill"/>) and "empty".
/// </summary>
public sealed class StorageFixture : IDisposable
{
    public StorageFixture()
    {
        Options = new StorageOptions { DatabasePath = Path.Combine(Directory.CreateTempSubdirectory("scalingapi-storage-").FullName, "store.db") };
        Factory = new SqliteConnectionFactory(Options);
        new MigrationRunner(Factory).Apply();
        using var connection = Factory.Open();
        ExperimentId = connection.ExecuteScalar<long>("INSERT INTO experiments (name, created_at) VALUES ('cost', '2026-01-01') RETURNING id");
        DomainIds = "abcd".Select((d, i) => connection.ExecuteScalar<long>(
            "INSERT INTO domains (experiment_id, position, name) VALUES (@ExperimentId, @i, @d) RETURNING id",
            new { ExperimentId, i, d = d.ToString() })).ToArray();
        BigRun = connection.ExecuteScalar<long>("INSERT INTO runs (experiment_id, name, created_at) VALUES (@ExperimentId, 'big', '2026-01-01') RETURNING id", new { ExperimentId });
        EmptyRun = connection.ExecuteScalar<long>("INSERT INTO runs (experiment_id, name, created_at) VALUES (@ExperimentId, 'empty', '2026-01-01') RETURNING id", new { ExperimentId });
    }

    public StorageOptions Options { get; }
    public SqliteConnectionFactory Factory { get; }
    public long ExperimentId { get; }
    public long[] DomainIds { get; }
    public long BigRun { get; }
    public long EmptyRun { get; }

    /// <summary>Stores steps 1..<paramref name="steps"/> × 4 domains in <paramref name="runId"/> with one SQL statement.</summary>
    public void Fill(long runId, int steps)
    {
        using var connection = Factory.Open();
        connection.Execute("""
            WITH RECURSIVE s(step) AS (SELECT 1 UNION ALL SELECT step + 1 FROM s WHERE step < @steps)
            INSERT INTO observations (run_id, step, domain_id, loss)
            SELECT @runId, s.step, d.id, 2.0 + 1.0 / s.step FROM s CROSS JOIN domains d WHERE d.experiment_id = @ExperimentId
            """, new { runId, steps, ExperimentId });
    }

    public void Dispose()
    {
        Factory.ClearPool();
        try { Directory.Delete(Options.DataDirectory, recursive: true); } catch (IOException) { }
    }
}
