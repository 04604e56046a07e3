using Dapper;
using Microsoft.Data.Sqlite;

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
    /// <summary>Rows per multi-row INSERT: 4 parameters each, far below SQLite's 32766-parameter limit.</summary>
    private const int InsertBatch = 128;

    /// <summary>
    /// Idempotent bulk upsert inside the caller's write transaction. Identical points are counted as
    /// unchanged; a different loss throws <see cref="ObservationConflictException"/> unless
    /// <paramref name="replace"/>. Every row is classified in memory against the touched runs' stored
    /// losses before anything is written, then new rows go in through one prepared multi-row INSERT
    /// reused for every batch: that keeps 100k points well under a second.
    /// </summary>
    public IngestCounts Upsert(IReadOnlyList<ObservationRow> rows, bool replace)
    {
        if (db.Transaction is null) throw new InvalidOperationException("Upsert must run inside a write transaction.");
        var known = LoadExisting(rows.Select(r => r.RunId).Distinct());
        var inserts = new List<ObservationRow>(rows.Count);
        var updates = new List<ObservationRow>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            var key = (row.RunId, row.Step, row.DomainId);
            if (!known.TryGetValue(key, out var existing)) inserts.Add(row);
            else if (existing.Equals(row.Loss)) { unchanged++; continue; }
            else if (replace) updates.Add(row);
            else throw new ObservationConflictException(row.RunId, row.Step, row.DomainId, existing, row.Loss);
            known[key] = row.Loss;
        }
        // inserts hold distinct keys; a point repeated in the request with another loss is an update,
        // applied after the inserts and in order, so the last posted loss wins
        Insert(inserts);
        using var update = Prepare("UPDATE observations SET loss = $p3 WHERE run_id = $p0 AND step = $p1 AND domain_id = $p2", 1);
        foreach (var row in updates) Run(update, row, 0);
        return new IngestCounts(inserts.Count, unchanged, updates.Count);
    }

    private void Insert(List<ObservationRow> rows)
    {
        const string insert = "INSERT INTO observations (run_id, step, domain_id, loss) VALUES ";
        var full = rows.Count / InsertBatch;
        if (full > 0)
        {
            using var batch = Prepare(insert + string.Join(",", Enumerable.Range(0, InsertBatch).Select(Values)), InsertBatch);
            for (var b = 0; b < full; b++)
            {
                for (var j = 0; j < InsertBatch; j++) Bind(batch, rows[b * InsertBatch + j], j);
                batch.ExecuteNonQuery();
            }
        }
        var rest = rows.Count - full * InsertBatch;
        if (rest == 0) return;
        using var tail = Prepare(insert + string.Join(",", Enumerable.Range(0, rest).Select(Values)), rest);
        for (var j = 0; j < rest; j++) Bind(tail, rows[full * InsertBatch + j], j);
        tail.ExecuteNonQuery();
    }

    private static string Values(int j) => $"($p{4 * j}, $p{4 * j + 1}, $p{4 * j + 2}, $p{4 * j + 3})";

    /// <summary>All observations of an experiment's runs, ordered by run, step, domain.</summary>
    public IReadOnlyList<ObservationRow> ForExperiment(long experimentId) => db.Connection.Query<ObservationRow>(
        "SELECT o.run_id AS RunId, o.step AS Step, o.domain_id AS DomainId, o.loss AS Loss " +
        "FROM observations o JOIN runs r ON r.id = o.run_id WHERE r.experiment_id = @experimentId " +
        "ORDER BY o.run_id, o.step, o.domain_id",
        new { experimentId }, db.Transaction).AsList();

    public long Count(long experimentId) => db.Connection.ExecuteScalar<long>(
        "SELECT COUNT(*) FROM observations o JOIN runs r ON r.id = o.run_id WHERE r.experiment_id = @experimentId",
        new { experimentId }, db.Transaction);

    private Dictionary<(long, long, long), double> LoadExisting(IEnumerable<long> runIds)
    {
        var known = new Dictionary<(long, long, long), double>();
        foreach (var row in db.Connection.Query<ObservationRow>(
                     "SELECT run_id AS RunId, step AS Step, domain_id AS DomainId, loss AS Loss FROM observations WHERE run_id IN @runIds",
                     new { runIds = runIds.ToArray() }, db.Transaction))
        {
            known[(row.RunId, row.Step, row.DomainId)] = row.Loss;
        }
        return known;
    }

    private SqliteCommand Prepare(string sql, int rowsPerCommand)
    {
        var command = db.Connection.CreateCommand();
        command.Transaction = db.Transaction;
        command.CommandText = sql;
        for (var j = 0; j < rowsPerCommand; j++)
        {
            command.Parameters.Add($"$p{4 * j}", SqliteType.Integer);
            command.Parameters.Add($"$p{4 * j + 1}", SqliteType.Integer);
            command.Parameters.Add($"$p{4 * j + 2}", SqliteType.Integer);
            command.Parameters.Add($"$p{4 * j + 3}", SqliteType.Real);
        }
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, ObservationRow row, int j)
    {
        command.Parameters[4 * j].Value = row.RunId;
        command.Parameters[4 * j + 1].Value = row.Step;
        command.Parameters[4 * j + 2].Value = row.DomainId;
        command.Parameters[4 * j + 3].Value = row.Loss;
    }

    private static void Run(SqliteCommand command, ObservationRow row, int j)
    {
        Bind(command, row, j);
        command.ExecuteNonQuery();
    }
}
