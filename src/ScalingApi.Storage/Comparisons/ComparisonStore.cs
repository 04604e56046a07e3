using Dapper;

namespace ScalingApi.Storage.Comparisons;

public sealed record ComparisonRow
{
    public long Id { get; init; }
    public long ExperimentId { get; init; }
    public long SweepId { get; init; }
    public string Name { get; init; } = "";
    public string Baseline { get; init; } = "";
    public long Seeds { get; init; }
    public string AveragedJson { get; init; } = "[]";
    public string RequestJson { get; init; } = "";
    public string CreatedAt { get; init; } = "";
}

public sealed record ComparisonCandidateRow
{
    public long ComparisonId { get; init; }
    public long Position { get; init; }
    public string Label { get; init; } = "";
    public string Kind { get; init; } = "";
    public string MixtureJson { get; init; } = "{}";
    public double? CostFlops { get; init; }
    public string SourceJson { get; init; } = "{}";
}

public sealed record ComparisonRunRow(long ComparisonId, long Position, long Seed, long RunId);

/// <summary>Comparisons, their candidates and which run trained which candidate and seed. Callers own the transaction.</summary>
public sealed class ComparisonStore(DbSession db)
{
    private const string Columns =
        "id AS Id, experiment_id AS ExperimentId, sweep_id AS SweepId, name AS Name, baseline AS Baseline, seeds AS Seeds, " +
        "averaged_json AS AveragedJson, request_json AS RequestJson, created_at AS CreatedAt";

    public long Insert(ComparisonRow row) => db.Connection.ExecuteScalar<long>(
        "INSERT INTO comparisons (experiment_id, sweep_id, name, baseline, seeds, averaged_json, request_json, created_at) " +
        "VALUES (@ExperimentId, @SweepId, @Name, @Baseline, @Seeds, @AveragedJson, @RequestJson, @at) RETURNING id",
        new { row.ExperimentId, row.SweepId, row.Name, row.Baseline, row.Seeds, row.AveragedJson, row.RequestJson, at = Timestamp.Now() },
        db.Transaction);

    public void InsertCandidate(ComparisonCandidateRow row) => db.Connection.Execute(
        "INSERT INTO comparison_candidates (comparison_id, position, label, kind, mixture_json, cost_flops, source_json) " +
        "VALUES (@ComparisonId, @Position, @Label, @Kind, @MixtureJson, @CostFlops, @SourceJson)", row, db.Transaction);

    public void InsertRun(ComparisonRunRow row) => db.Connection.Execute(
        "INSERT INTO comparison_runs (comparison_id, position, seed, run_id) VALUES (@ComparisonId, @Position, @Seed, @RunId)", row, db.Transaction);

    public ComparisonRow? Find(long id) => db.Connection.QuerySingleOrDefault<ComparisonRow>(
        $"SELECT {Columns} FROM comparisons WHERE id = @id", new { id }, db.Transaction);

    public IReadOnlyList<ComparisonRow> ForExperiment(long experimentId) => db.Connection.Query<ComparisonRow>(
        $"SELECT {Columns} FROM comparisons WHERE experiment_id = @experimentId ORDER BY id", new { experimentId }, db.Transaction).AsList();

    public IReadOnlyList<ComparisonCandidateRow> Candidates(long comparisonId) => db.Connection.Query<ComparisonCandidateRow>(
        "SELECT comparison_id AS ComparisonId, position AS Position, label AS Label, kind AS Kind, mixture_json AS MixtureJson, " +
        "cost_flops AS CostFlops, source_json AS SourceJson FROM comparison_candidates WHERE comparison_id = @comparisonId ORDER BY position",
        new { comparisonId }, db.Transaction).AsList();

    public IReadOnlyList<ComparisonRunRow> Runs(long comparisonId) => db.Connection.Query<ComparisonRunRow>(
        "SELECT comparison_id AS ComparisonId, position AS Position, seed AS Seed, run_id AS RunId FROM comparison_runs " +
        "WHERE comparison_id = @comparisonId ORDER BY position, seed", new { comparisonId }, db.Transaction).AsList();

    /// <summary>
    /// Training compute (6 · parameters · tokens, every attempt) of the named runs that sweeps trained, and how
    /// many of the named runs no sweep trained (posted by hand: their cost is unknown).
    /// </summary>
    public (double Flops, int RunsWithoutCost) SweepFlops(long experimentId, IReadOnlyCollection<string> runNames)
    {
        var trained = db.Connection.Query<(string Name, double Flops)>(
            "SELECT r.name, 6.0 * s.parameters * (sr.spent_tokens + sr.tokens) FROM runs r " +
            "JOIN sweep_runs sr ON sr.run_id = r.id JOIN sweeps s ON s.id = sr.sweep_id " +
            "WHERE r.experiment_id = @experimentId AND r.name IN @runNames",
            new { experimentId, runNames = runNames.ToArray() }, db.Transaction).AsList();
        return (trained.Sum(t => t.Flops), runNames.Count - trained.Count);
    }
}
