using Dapper;

namespace ScalingApi.Storage.Sweeps;

/// <summary>Sweeps, their runs' rows and their event log. Callers own the transaction (<see cref="DbSession.BeginWrite"/>).</summary>
public sealed class SweepStore(DbSession db, TimeProvider clock)
{
    private const string Columns =
        "id AS Id, experiment_id AS ExperimentId, name AS Name, status AS Status, executor AS Executor, tokenizer AS Tokenizer, " +
        "model_json AS ModelJson, parameters AS Parameters, tokens_per_step AS TokensPerStep, steps AS Steps, " +
        "checkpoint_steps AS CheckpointSteps, seed AS Seed, request_json AS RequestJson, batch_script AS BatchScript, " +
        "external_job_id AS ExternalJobId, created_at AS CreatedAt, finished_at AS FinishedAt, run_mode_json AS RunModeJson";

    internal const string RunColumns =
        "sr.id AS Id, sr.sweep_id AS SweepId, sr.run_id AS RunId, r.name AS RunName, sr.task_index AS TaskIndex, sr.status AS Status, " +
        "sr.attempts AS Attempts, sr.lease_id AS LeaseId, sr.worker_id AS WorkerId, sr.lease_expires_at AS LeaseExpiresAt, sr.step AS Step, " +
        "sr.tokens_per_second AS TokensPerSecond, sr.train_loss AS TrainLoss, sr.device_seconds AS DeviceSeconds, sr.tokens AS Tokens, " +
        "sr.spent_device_seconds AS SpentDeviceSeconds, sr.spent_tokens AS SpentTokens, sr.last_error AS LastError, " +
        "sr.progress_event_at AS ProgressEventAt, sr.started_at AS StartedAt, sr.finished_at AS FinishedAt, " +
        "sr.external_state AS ExternalState, sr.external_reason AS ExternalReason, sr.seed AS Seed " +
        "FROM sweep_runs sr JOIN runs r ON r.id = sr.run_id";

    /// <summary>Inserts the sweep; an empty name becomes <c>sweep-{id}</c>.</summary>
    public long Insert(NewSweep sweep)
    {
        var id = db.Connection.ExecuteScalar<long>(
        "INSERT INTO sweeps (experiment_id, name, status, executor, tokenizer, model_json, parameters, tokens_per_step, steps, " +
        "checkpoint_steps, seed, request_json, created_at, run_mode_json) VALUES (@ExperimentId, @Name, @status, @Executor, @Tokenizer, @ModelJson, " +
        "@Parameters, @TokensPerStep, @Steps, @checkpoints, @Seed, @RequestJson, @at, @RunModeJson) RETURNING id",
        new
        {
            sweep.ExperimentId, sweep.Name, status = SweepStatus.Pending, sweep.Executor, sweep.Tokenizer, sweep.ModelJson,
            sweep.Parameters, sweep.TokensPerStep, sweep.Steps, checkpoints = string.Join(',', sweep.CheckpointSteps), sweep.Seed,
            sweep.RequestJson, at = Now(), sweep.RunModeJson,
        }, db.Transaction);
        db.Connection.Execute("UPDATE sweeps SET name = 'sweep-' || id WHERE id = @id AND name = ''", new { id }, db.Transaction);
        return id;
    }

    /// <param name="seed">The run's training seed when it differs from the sweep's (comparisons: one per repetition); null for the sweep's.</param>
    public void InsertRun(long sweepId, long runId, int taskIndex, int? seed = null) => db.Connection.Execute(
        "INSERT INTO sweep_runs (sweep_id, run_id, task_index, status, seed) VALUES (@sweepId, @runId, @taskIndex, @status, @seed)",
        new { sweepId, runId, taskIndex, status = SweepStatus.Pending, seed }, db.Transaction);

    public SweepRow? Find(long id) => db.Connection.QuerySingleOrDefault<SweepRow>(
        $"SELECT {Columns} FROM sweeps WHERE id = @id", new { id }, db.Transaction);

    public IReadOnlyList<SweepRow> ForExperiment(long experimentId) => db.Connection.Query<SweepRow>(
        $"SELECT {Columns} FROM sweeps WHERE experiment_id = @experimentId ORDER BY id", new { experimentId }, db.Transaction).AsList();

    /// <summary>Sweeps of an executor that are not final — what an executor resumes after a restart.</summary>
    public IReadOnlyList<SweepRow> Unfinished(string executor) => db.Connection.Query<SweepRow>(
        $"SELECT {Columns} FROM sweeps WHERE executor = @executor AND status IN (@pending, @running) ORDER BY id",
        new { executor, pending = SweepStatus.Pending, running = SweepStatus.Running }, db.Transaction).AsList();

    /// <summary>The sweep's runs in task order.</summary>
    public IReadOnlyList<SweepRunRow> Runs(long sweepId) => db.Connection.Query<SweepRunRow>(
        $"SELECT {RunColumns} WHERE sr.sweep_id = @sweepId ORDER BY sr.task_index", new { sweepId }, db.Transaction).AsList();

    /// <summary>Runs of many sweeps at once (for lists).</summary>
    public ILookup<long, SweepRunRow> RunsOf(IEnumerable<long> sweepIds) => db.Connection.Query<SweepRunRow>(
        $"SELECT {RunColumns} WHERE sr.sweep_id IN @ids ORDER BY sr.sweep_id, sr.task_index", new { ids = sweepIds.ToArray() }, db.Transaction)
        .ToLookup(r => r.SweepId);

    public void SetStatus(long sweepId, string status)
    {
        db.Connection.Execute(
            "UPDATE sweeps SET status = @status, finished_at = CASE WHEN @final THEN COALESCE(finished_at, @at) ELSE NULL END WHERE id = @sweepId",
            new { sweepId, status, final = SweepStatus.IsFinal(status), at = Now() }, db.Transaction);
    }

    /// <summary>Cancels every run that is not final yet; leased ones keep their lease so the worker's next heartbeat learns to stop.</summary>
    /// <returns>How many runs were cancelled.</returns>
    public int CancelRuns(long sweepId, string reason) => db.Connection.Execute(
        "UPDATE sweep_runs SET status = @cancelled, last_error = COALESCE(last_error, @reason), finished_at = @at " +
        "WHERE sweep_id = @sweepId AND status IN (@pending, @leased)",
        new { sweepId, reason, cancelled = SweepStatus.Cancelled, pending = SweepStatus.Pending, leased = SweepStatus.Leased, at = Now() },
        db.Transaction);

    /// <summary>Executor data of the whole sweep (Slurm: the submitted batch script and array job id).</summary>
    public void SetExternalJob(long sweepId, string? batchScript, string? externalJobId) => db.Connection.Execute(
        "UPDATE sweeps SET batch_script = @batchScript, external_job_id = @externalJobId WHERE id = @sweepId",
        new { sweepId, batchScript, externalJobId }, db.Transaction);

    /// <summary>The executor's view of one task (Slurm: job state and reason), shown in the sweep's status.</summary>
    public void SetExternalState(long sweepId, int taskIndex, string? state, string? reason) => db.Connection.Execute(
        "UPDATE sweep_runs SET external_state = @state, external_reason = @reason WHERE sweep_id = @sweepId AND task_index = @taskIndex",
        new { sweepId, taskIndex, state, reason }, db.Transaction);

    public long AppendEvent(long sweepId, string type, string dataJson) => db.Connection.ExecuteScalar<long>(
        "INSERT INTO sweep_events (sweep_id, type, data_json, created_at) VALUES (@sweepId, @type, @dataJson, @at) RETURNING id",
        new { sweepId, type, dataJson, at = Now() }, db.Transaction);

    public IReadOnlyList<SweepEventRow> EventsAfter(long sweepId, long afterId, int limit = 500) => db.Connection.Query<SweepEventRow>(
        "SELECT id AS Id, sweep_id AS SweepId, type AS Type, data_json AS DataJson, created_at AS CreatedAt FROM sweep_events " +
        "WHERE sweep_id = @sweepId AND id > @afterId ORDER BY id LIMIT @limit",
        new { sweepId, afterId, limit }, db.Transaction).AsList();

    private string Now() => SweepTime.Format(clock.GetUtcNow());
}

/// <summary>Stored times: UTC round-trip ISO 8601 (the format <see cref="Timestamp"/> uses), so they sort and compare as text.</summary>
public static class SweepTime
{
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("O");
    public static DateTimeOffset? Parse(string? stored) => stored is null ? null : DateTimeOffset.Parse(stored);
}
