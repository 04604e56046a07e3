using Dapper;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Storage.MixtureMethods;

/// <summary>Mixture-method jobs, the sweeps they launched and the outputs workers posted for those sweeps' runs.</summary>
public sealed class MixtureMethodStore(DbSession db, TimeProvider clock)
{
    private const string Columns =
        "id AS Id, experiment_id AS ExperimentId, method AS Method, status AS Status, parameters_json AS ParametersJson, " +
        "provenance_json AS ProvenanceJson, weights_json AS WeightsJson, details_json AS DetailsJson, error AS Error, " +
        "created_at AS CreatedAt, finished_at AS FinishedAt";

    public const string WeightsOutput = "weights";
    public const string EmbeddingsOutput = "embeddings";

    public long Insert(long experimentId, string method, string parametersJson, string provenanceJson) => db.Connection.ExecuteScalar<long>(
        "INSERT INTO mixture_method_jobs (experiment_id, method, status, parameters_json, provenance_json, created_at) " +
        "VALUES (@experimentId, @method, @status, @parametersJson, @provenanceJson, @at) RETURNING id",
        new { experimentId, method, status = MixtureMethodNames.Running, parametersJson, provenanceJson, at = Now() }, db.Transaction);

    public void SetProvenance(long id, string provenanceJson) => db.Connection.Execute(
        "UPDATE mixture_method_jobs SET provenance_json = @provenanceJson WHERE id = @id", new { id, provenanceJson }, db.Transaction);

    /// <summary>Removes a job whose first stage could not be launched (its request was refused).</summary>
    public void Delete(long id) => db.Connection.Execute("DELETE FROM mixture_method_jobs WHERE id = @id", new { id }, db.Transaction);

    public MixtureMethodJobRow? Find(long id) => db.Connection.QuerySingleOrDefault<MixtureMethodJobRow>(
        $"SELECT {Columns} FROM mixture_method_jobs WHERE id = @id", new { id }, db.Transaction);

    /// <summary>The newest completed job of the method in the experiment.</summary>
    public MixtureMethodJobRow? LatestCompleted(long experimentId, string method) => db.Connection.QueryFirstOrDefault<MixtureMethodJobRow>(
        $"SELECT {Columns} FROM mixture_method_jobs WHERE experiment_id = @experimentId AND method = @method AND status = @completed ORDER BY id DESC LIMIT 1",
        new { experimentId, method, completed = MixtureMethodNames.Completed }, db.Transaction);

    public IReadOnlyList<MixtureMethodJobRow> Running() => db.Connection.Query<MixtureMethodJobRow>(
        $"SELECT {Columns} FROM mixture_method_jobs WHERE status = @running ORDER BY id", new { running = MixtureMethodNames.Running }, db.Transaction).AsList();

    public void AddSweep(long jobId, long sweepId, string stage, int round) => db.Connection.Execute(
        "INSERT INTO mixture_method_sweeps (job_id, sweep_id, stage, round) VALUES (@jobId, @sweepId, @stage, @round)",
        new { jobId, sweepId, stage, round }, db.Transaction);

    /// <summary>The job's sweeps in launch order.</summary>
    public IReadOnlyList<MixtureMethodSweepRow> Sweeps(long jobId) => db.Connection.Query<MixtureMethodSweepRow>(
        "SELECT job_id AS JobId, sweep_id AS SweepId, stage AS Stage, round AS Round FROM mixture_method_sweeps WHERE job_id = @jobId ORDER BY sweep_id",
        new { jobId }, db.Transaction).AsList();

    public void Complete(long id, string weightsJson, string? detailsJson) => db.Connection.Execute(
        "UPDATE mixture_method_jobs SET status = @completed, weights_json = @weightsJson, details_json = @detailsJson, finished_at = @at " +
        "WHERE id = @id AND status = @running",
        new { id, weightsJson, detailsJson, completed = MixtureMethodNames.Completed, running = MixtureMethodNames.Running, at = Now() }, db.Transaction);

    /// <summary>Ends a running job as failed or cancelled; false when it was already final.</summary>
    public bool End(long id, string status, string? error) => db.Connection.Execute(
        "UPDATE mixture_method_jobs SET status = @status, error = @error, finished_at = @at WHERE id = @id AND status = @running",
        new { id, status, error, running = MixtureMethodNames.Running, at = Now() }, db.Transaction) > 0;

    public void PutOutput(long sweepRunId, string kind, int step, string dataJson) => db.Connection.Execute(
        "INSERT INTO sweep_run_outputs (sweep_run_id, kind, step, data_json) VALUES (@sweepRunId, @kind, @step, @dataJson) " +
        "ON CONFLICT (sweep_run_id, kind, step) DO UPDATE SET data_json = excluded.data_json",
        new { sweepRunId, kind, step, dataJson }, db.Transaction);

    /// <summary>Outputs of a kind posted for any run of the sweep, by step.</summary>
    public IReadOnlyList<SweepRunOutputRow> Outputs(long sweepId, string kind) => db.Connection.Query<SweepRunOutputRow>(
        "SELECT o.sweep_run_id AS SweepRunId, o.kind AS Kind, o.step AS Step, o.data_json AS DataJson FROM sweep_run_outputs o " +
        "JOIN sweep_runs sr ON sr.id = o.sweep_run_id WHERE sr.sweep_id = @sweepId AND o.kind = @kind ORDER BY o.step",
        new { sweepId, kind }, db.Transaction).AsList();

    /// <summary>Events of all the job's sweeps after an id, in order (the job's own events are appended to its current sweep's log).</summary>
    public IReadOnlyList<SweepEventRow> EventsAfter(long jobId, long afterId, int limit = 500) => db.Connection.Query<SweepEventRow>(
        "SELECT e.id AS Id, e.sweep_id AS SweepId, e.type AS Type, e.data_json AS DataJson, e.created_at AS CreatedAt FROM sweep_events e " +
        "JOIN mixture_method_sweeps ms ON ms.sweep_id = e.sweep_id WHERE ms.job_id = @jobId AND e.id > @afterId ORDER BY e.id LIMIT @limit",
        new { jobId, afterId, limit }, db.Transaction).AsList();

    /// <summary>The sweep run that trained a run of an experiment; null when no sweep trained it.</summary>
    public SweepRunRow? SweepRunOf(long runId) => db.Connection.QuerySingleOrDefault<SweepRunRow>(
        $"SELECT {SweepStore.RunColumns} WHERE sr.run_id = @runId", new { runId }, db.Transaction);

    private string Now() => SweepTime.Format(clock.GetUtcNow());
}
