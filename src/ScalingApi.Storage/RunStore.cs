using Dapper;

namespace ScalingApi.Storage;

public sealed class RunStore(DbSession db)
{
    private const string Columns = "id AS Id, experiment_id AS ExperimentId, name AS Name, tokens_per_step AS TokensPerStep, created_at AS CreatedAt";

    public long Insert(long experimentId, string name, double? tokensPerStep, IReadOnlyDictionary<long, double> proportionsByDomainId)
    {
        var id = db.Connection.ExecuteScalar<long>(
            "INSERT INTO runs (experiment_id, name, tokens_per_step, created_at) VALUES (@experimentId, @name, @tokensPerStep, @at) RETURNING id",
            new { experimentId, name, tokensPerStep, at = Timestamp.Now() }, db.Transaction);
        db.Connection.Execute(
            "INSERT INTO run_proportions (run_id, domain_id, proportion) VALUES (@id, @DomainId, @Proportion)",
            proportionsByDomainId.Select(p => new { id, DomainId = p.Key, Proportion = p.Value }), db.Transaction);
        return id;
    }

    public RunRow? Find(long experimentId, long runId) => db.Connection.QuerySingleOrDefault<RunRow>(
        $"SELECT {Columns} FROM runs WHERE experiment_id = @experimentId AND id = @runId", new { experimentId, runId }, db.Transaction);

    public IReadOnlyList<RunRow> List(long experimentId) => db.Connection.Query<RunRow>(
        $"SELECT {Columns} FROM runs WHERE experiment_id = @experimentId ORDER BY id", new { experimentId }, db.Transaction).AsList();

    public IReadOnlyList<RunProportionRow> Proportions(long experimentId) => db.Connection.Query<RunProportionRow>(
        "SELECT p.run_id AS RunId, p.domain_id AS DomainId, p.proportion AS Proportion " +
        "FROM run_proportions p JOIN runs r ON r.id = p.run_id WHERE r.experiment_id = @experimentId",
        new { experimentId }, db.Transaction).AsList();

    public IReadOnlyDictionary<long, long> ObservationCounts(long experimentId) => db.Connection.Query<(long RunId, long Count)>(
        "SELECT o.run_id, COUNT(*) FROM observations o JOIN runs r ON r.id = o.run_id " +
        "WHERE r.experiment_id = @experimentId GROUP BY o.run_id",
        new { experimentId }, db.Transaction).ToDictionary(x => x.RunId, x => x.Count);
}
