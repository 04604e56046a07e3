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
    /// <summary>
    /// Idempotent bulk upsert inside the caller's write transaction. Identical points are counted as
    /// unchanged; a different loss throws <see cref="ObservationConflictException"/> unless
    /// <paramref name="replace"/>. Existing losses of the touched runs are read once into memory and
    /// inserts reuse one prepared command, which is what makes 100k points take well under a second.
    /// </summary>
    public IngestCounts Upsert(IReadOnlyList<ObservationRow> rows, bool replace)
    {
        if (db.Transaction is null) throw new InvalidOperationException("Upsert must run inside a write transaction.");
        var known = LoadExisting(rows.Select(r => r.RunId).Distinct());

        using var insert = Prepare("INSERT INTO observations (run_id, step, domain_id, loss) VALUES ($run, $step, $domain, $loss)");
        using var update = Prepare("UPDATE observations SET loss = $loss WHERE run_id = $run AND step = $step AND domain_id = $domain");

        int inserted = 0, unchanged = 0, replaced = 0;
        foreach (var row in rows)
        {
            var key = (row.RunId, row.Step, row.DomainId);
            if (!known.TryGetValue(key, out var existing))
            {
                Run(insert, row);
                known[key] = row.Loss;
                inserted++;
            }
            else if (existing.Equals(row.Loss))
            {
                unchanged++;
            }
            else if (replace)
            {
                Run(update, row);
                known[key] = row.Loss;
                replaced++;
            }
            else
            {
                throw new ObservationConflictException(row.RunId, row.Step, row.DomainId, existing, row.Loss);
            }
        }
        return new IngestCounts(inserted, unchanged, replaced);
    }

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

    private SqliteCommand Prepare(string sql)
    {
        var command = db.Connection.CreateCommand();
        command.Transaction = db.Transaction;
        command.CommandText = sql;
        command.Parameters.Add("$run", SqliteType.Integer);
        command.Parameters.Add("$step", SqliteType.Integer);
        command.Parameters.Add("$domain", SqliteType.Integer);
        command.Parameters.Add("$loss", SqliteType.Real);
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, ObservationRow row)
    {
        command.Parameters[0].Value = row.RunId;
        command.Parameters[1].Value = row.Step;
        command.Parameters[2].Value = row.DomainId;
        command.Parameters[3].Value = row.Loss;
        command.ExecuteNonQuery();
    }
}
