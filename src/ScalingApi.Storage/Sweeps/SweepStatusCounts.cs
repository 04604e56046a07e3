using Dapper;

namespace ScalingApi.Storage.Sweeps;

/// <summary>How many sweeps and sweep runs are in each status now (for the operators' gauges; leased runs are the live leases).</summary>
public sealed class SweepStatusCounts(DbSession db)
{
    public IReadOnlyDictionary<string, long> Sweeps() => Count("sweeps");

    public IReadOnlyDictionary<string, long> Runs() => Count("sweep_runs");

    private Dictionary<string, long> Count(string table) =>
        db.Connection.Query<(string Status, long Count)>($"SELECT status, COUNT(*) FROM {table} GROUP BY status", transaction: db.Transaction)
            .ToDictionary(x => x.Status, x => x.Count);
}
