using Dapper;

namespace ScalingApi.Storage;

/// <summary>Fits are written once and never updated (there is deliberately no update method).</summary>
public sealed class FitStore(DbSession db)
{
    private const string Columns =
        "id AS Id, experiment_id AS ExperimentId, law AS Law, objective AS Objective, seed AS Seed, bootstrap AS Bootstrap, " +
        "request_json AS RequestJson, model_json AS ModelJson, holdout_json AS HoldoutJson, elapsed_ms AS ElapsedMs, created_at AS CreatedAt, sweep_id AS SweepId, runs_json AS RunsJson";

    public FitRow Insert(FitRow fit)
    {
        var row = fit with { CreatedAt = Timestamp.Now() };
        var id = db.Connection.ExecuteScalar<long>(
            "INSERT INTO fits (experiment_id, law, objective, seed, bootstrap, request_json, model_json, holdout_json, elapsed_ms, created_at, sweep_id, runs_json) " +
            "VALUES (@ExperimentId, @Law, @Objective, @Seed, @Bootstrap, @RequestJson, @ModelJson, @HoldoutJson, @ElapsedMs, @CreatedAt, @SweepId, @RunsJson) RETURNING id",
            row, db.Transaction);
        return row with { Id = id };
    }

    public FitRow? Find(long id) => db.Connection.QuerySingleOrDefault<FitRow>(
        $"SELECT {Columns} FROM fits WHERE id = @id", new { id }, db.Transaction);
}
