using Dapper;

namespace ScalingApi.Storage.Sweeps;

/// <summary>One lease ever granted: which run, which attempt, which worker.</summary>
public sealed record LeaseRow
{
    public string LeaseId { get; init; } = "";
    public long SweepRunId { get; init; }
    public long Attempt { get; init; }
    public string WorkerId { get; init; } = "";
}

/// <summary>
/// Row-level state changes of the lease protocol. The rules (who may claim, when a lease is
/// expired, how many attempts) live in the host's lease service; every method here runs inside
/// the caller's write transaction.
/// </summary>
public sealed class LeaseStore(DbSession db, TimeProvider clock)
{
    public SweepRunRow? Run(long sweepRunId) => db.Connection.QuerySingleOrDefault<SweepRunRow>(
        $"SELECT {SweepStore.RunColumns} WHERE sr.id = @sweepRunId", new { sweepRunId }, db.Transaction);

    public SweepRunRow? RunByTask(long sweepId, int taskIndex) => db.Connection.QuerySingleOrDefault<SweepRunRow>(
        $"SELECT {SweepStore.RunColumns} WHERE sr.sweep_id = @sweepId AND sr.task_index = @taskIndex", new { sweepId, taskIndex }, db.Transaction);

    /// <summary>The first run in task order that is pending or whose lease expired before <paramref name="now"/>.</summary>
    public SweepRunRow? FirstClaimable(long sweepId, DateTimeOffset now) => db.Connection.QueryFirstOrDefault<SweepRunRow>(
        $"SELECT {SweepStore.RunColumns} WHERE sr.sweep_id = @sweepId AND " +
        "(sr.status = @pending OR (sr.status = @leased AND sr.lease_expires_at < @now)) ORDER BY sr.task_index LIMIT 1",
        new { sweepId, pending = SweepStatus.Pending, leased = SweepStatus.Leased, now = SweepTime.Format(now) }, db.Transaction);

    /// <summary>Leased runs (of any sweep) whose lease expired before <paramref name="now"/>.</summary>
    public IReadOnlyList<SweepRunRow> Expired(DateTimeOffset now) => db.Connection.Query<SweepRunRow>(
        $"SELECT {SweepStore.RunColumns} WHERE sr.status = @leased AND sr.lease_expires_at < @now ORDER BY sr.id",
        new { leased = SweepStatus.Leased, now = SweepTime.Format(now) }, db.Transaction).AsList();

    /// <summary>Runs currently leased to a worker.</summary>
    public IReadOnlyList<SweepRunRow> LeasedTo(string workerId) => db.Connection.Query<SweepRunRow>(
        $"SELECT {SweepStore.RunColumns} WHERE sr.status = @leased AND sr.worker_id = @workerId ORDER BY sr.id",
        new { leased = SweepStatus.Leased, workerId }, db.Transaction).AsList();

    public LeaseRow? Lease(string leaseId) => db.Connection.QuerySingleOrDefault<LeaseRow>(
        "SELECT lease_id AS LeaseId, sweep_run_id AS SweepRunId, attempt AS Attempt, worker_id AS WorkerId FROM sweep_leases WHERE lease_id = @leaseId",
        new { leaseId }, db.Transaction);

    /// <summary>
    /// Hands the run to a worker as its next attempt. The previous attempt's reported compute is
    /// moved into the spent totals, so retries still count toward the sweep's compute.
    /// </summary>
    /// <returns>The attempt number (1-based).</returns>
    public int Grant(long sweepRunId, string leaseId, string workerId, DateTimeOffset expiresAt)
    {
        var now = Now();
        var attempt = db.Connection.ExecuteScalar<int>(
            "UPDATE sweep_runs SET status = @leased, attempts = attempts + 1, lease_id = @leaseId, worker_id = @workerId, " +
            "lease_expires_at = @expires, spent_device_seconds = spent_device_seconds + device_seconds, spent_tokens = spent_tokens + tokens, " +
            "device_seconds = 0, tokens = 0, tokens_per_second = NULL, external_state = NULL, external_reason = NULL, " +
            "started_at = COALESCE(started_at, @now), finished_at = NULL WHERE id = @sweepRunId RETURNING attempts",
            new { sweepRunId, leaseId, workerId, expires = SweepTime.Format(expiresAt), leased = SweepStatus.Leased, now }, db.Transaction);
        db.Connection.Execute(
            "INSERT INTO sweep_leases (lease_id, sweep_run_id, attempt, worker_id, created_at) VALUES (@leaseId, @sweepRunId, @attempt, @workerId, @now)",
            new { leaseId, sweepRunId, attempt, workerId, now }, db.Transaction);
        return attempt;
    }

    /// <summary>A heartbeat: progress of the current attempt and a new expiry; revives a lease the reaper had returned to pending.</summary>
    public void RecordProgress(long sweepRunId, long step, double tokensPerSecond, double? trainLoss, double deviceSeconds, long tokens,
        DateTimeOffset expiresAt) => db.Connection.Execute(
        "UPDATE sweep_runs SET status = @leased, step = @step, tokens_per_second = @tokensPerSecond, train_loss = COALESCE(@trainLoss, train_loss), " +
        "device_seconds = @deviceSeconds, tokens = @tokens, lease_expires_at = @expires WHERE id = @sweepRunId",
        new { sweepRunId, step, tokensPerSecond, trainLoss, deviceSeconds, tokens, expires = SweepTime.Format(expiresAt), leased = SweepStatus.Leased },
        db.Transaction);

    public void MarkProgressEvent(long sweepRunId) => db.Connection.Execute(
        "UPDATE sweep_runs SET progress_event_at = @now WHERE id = @sweepRunId", new { sweepRunId, now = Now() }, db.Transaction);

    public void Complete(long sweepRunId, long finalStep, double deviceSeconds, long tokens) => db.Connection.Execute(
        "UPDATE sweep_runs SET status = @completed, step = @finalStep, device_seconds = @deviceSeconds, tokens = @tokens, " +
        "lease_expires_at = NULL, finished_at = @now WHERE id = @sweepRunId",
        new { sweepRunId, finalStep, deviceSeconds, tokens, completed = SweepStatus.Completed, now = Now() }, db.Transaction);

    /// <summary>Ends the current attempt without finishing the run: back to pending (to be claimed again) or failed for good.</summary>
    /// <param name="lastError">Kept for the status page; null leaves the previous error.</param>
    /// <param name="keepLease">Keep the lease id so the same worker can revive it with a heartbeat until someone else claims the run.</param>
    public void EndAttempt(long sweepRunId, string status, string? lastError, bool keepLease) => db.Connection.Execute(
        "UPDATE sweep_runs SET status = @status, last_error = COALESCE(@lastError, last_error), lease_expires_at = NULL, " +
        "lease_id = CASE WHEN @keepLease THEN lease_id ELSE NULL END, " +
        "tokens_per_second = NULL, finished_at = CASE WHEN @status = @pending THEN NULL ELSE @now END WHERE id = @sweepRunId",
        new { sweepRunId, status, lastError, keepLease, pending = SweepStatus.Pending, now = Now() }, db.Transaction);

    private string Now() => SweepTime.Format(clock.GetUtcNow());
}
