using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ScalingApi.Storage;

public readonly record struct IngestCounts(int Inserted, int Unchanged, int Replaced);

/// <summary>A posted loss differs from the stored (or an earlier posted) loss of the same point.</summary>
public sealed class ObservationConflictException(long runId, long step, long domainId, double existing, double posted)
    : InvalidOperationException($"A different loss ({existing:R}) is already recorded for this point; posted {posted:R}.")
{
    public long RunId { get; } = runId;
    public long Step { get; } = step;
    public long DomainId { get; } = domainId;
    public double Existing { get; } = existing;
    public double Posted { get; } = posted;
}

public sealed class ObservationStore(DbSession db)
{
    /// <summary>
    /// Idempotent bulk upsert inside the caller's write transaction. Identical points are counted as
    /// unchanged; a different loss throws <see cref="ObservationConflictException"/> unless
    /// <paramref name="replace"/> (the caller's transaction then rolls everything back).
    /// Each row costs one primary-key probe, so the cost does not depend on how many rows its run
    /// already holds: the insert is tried first, and only a key already present is read back.
    /// A point repeated in one request with another loss is an update, so the last posted loss wins.
    /// </summary>
    public IngestCounts Upsert(IReadOnlyList<ObservationRow> rows, bool replace)
    {
        if (db.Transaction is null) throw new InvalidOperationException("Upsert must run inside a write transaction.");
        if (rows.Count == 0) return new IngestCounts(0, 0, 0);
        var handle = db.Connection.Handle!;
        using var insert = new NativeStatement(handle, "INSERT INTO observations (run_id, step, domain_id, loss) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
        using var lookup = new NativeStatement(handle, "SELECT loss FROM observations WHERE run_id = ?1 AND step = ?2 AND domain_id = ?3");
        using var update = new NativeStatement(handle, "UPDATE observations SET loss = ?4 WHERE run_id = ?1 AND step = ?2 AND domain_id = ?3");
        int inserted = 0, unchanged = 0, replaced = 0;
        foreach (var row in rows)
        {
            insert.Step(row);
            if (raw.sqlite3_changes(handle) == 1) { inserted++; continue; }
            var existing = lookup.Loss(row);
            if (existing.Equals(row.Loss)) unchanged++;
            else if (!replace) throw new ObservationConflictException(row.RunId, row.Step, row.DomainId, existing, row.Loss);
            else { update.Step(row); replaced++; }
        }
        return new IngestCounts(inserted, unchanged, replaced);
    }

    /// <summary>
    /// A prepared statement bound and stepped through SQLitePCL's native calls on this connection (so
    /// inside its transaction). ADO.NET parameter binding costs about a microsecond per value, which
    /// at 400,000 values was most of a 100k-point request; native binds are what Python's
    /// sqlite3.executemany does. Parameters ?1..?4 are run, step, domain, loss (a statement uses the ones it needs).
    /// </summary>
    private sealed class NativeStatement : IDisposable
    {
        private readonly sqlite3 _handle;
        private readonly sqlite3_stmt _statement;
        private readonly int _parameters;

        public NativeStatement(sqlite3 handle, string sql)
        {
            _handle = handle;
            Check(raw.sqlite3_prepare_v2(handle, sql, out _statement), handle);
            _parameters = raw.sqlite3_bind_parameter_count(_statement);
        }

        public void Step(ObservationRow row)
        {
            Bind(row);
            var rc = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE) Check(rc, _handle);
        }

        /// <summary>The stored loss of the row's key (the caller knows it exists).</summary>
        public double Loss(ObservationRow row)
        {
            Bind(row);
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_ROW)
            {
                raw.sqlite3_reset(_statement);
                Check(rc, _handle);
                throw new InvalidOperationException($"No stored observation for run {row.RunId} step {row.Step} domain {row.DomainId}.");
            }
            var loss = raw.sqlite3_column_double(_statement, 0);
            raw.sqlite3_reset(_statement);
            return loss;
        }

        private void Bind(ObservationRow row)
        {
            raw.sqlite3_bind_int64(_statement, 1, row.RunId);
            raw.sqlite3_bind_int64(_statement, 2, row.Step);
            raw.sqlite3_bind_int64(_statement, 3, row.DomainId);
            if (_parameters >= 4) raw.sqlite3_bind_double(_statement, 4, row.Loss);
        }

        public void Dispose() => _statement.Dispose();
    }

    private static void Check(int rc, sqlite3 handle)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE)) throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc);
    }

    /// <summary>All observations of an experiment's runs, ordered by run, step, domain.</summary>
    public IReadOnlyList<ObservationRow> ForExperiment(long experimentId) => db.Connection.Query<ObservationRow>(
        "SELECT o.run_id AS RunId, o.step AS Step, o.domain_id AS DomainId, o.loss AS Loss " +
        "FROM observations o JOIN runs r ON r.id = o.run_id WHERE r.experiment_id = @experimentId " +
        "ORDER BY o.run_id, o.step, o.domain_id",
        new { experimentId }, db.Transaction).AsList();

    /// <summary>One run's observations, ordered by step and domain: a range of the primary key, whatever other runs hold.</summary>
    public IReadOnlyList<ObservationRow> ForRun(long runId) => db.Connection.Query<ObservationRow>(
        "SELECT run_id AS RunId, step AS Step, domain_id AS DomainId, loss AS Loss FROM observations WHERE run_id = @runId ORDER BY step, domain_id",
        new { runId }, db.Transaction).AsList();

    public long Count(long experimentId) => db.Connection.ExecuteScalar<long>(
        "SELECT COUNT(*) FROM observations o JOIN runs r ON r.id = o.run_id WHERE r.experiment_id = @experimentId",
        new { experimentId }, db.Transaction);
}
