using Dapper;
using ScalingApi.Storage.Sweeps;

namespace ScalingApi.Storage;

/// <summary>Corpus preparation jobs, their domains' results and their event log.</summary>
public sealed class CorpusPreparationStore(DbSession db)
{
    private const string JobColumns =
        "id AS Id, experiment_id AS ExperimentId, status AS Status, stages_json AS StagesJson, cancel_requested AS CancelRequested, " +
        "error AS Error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt";

    public long InsertJob(long experimentId, string stagesJson) => db.Connection.ExecuteScalar<long>(
        "INSERT INTO corpus_preparation_jobs (experiment_id, status, stages_json, created_at) " +
        "VALUES (@experimentId, 'queued', @stagesJson, @now) RETURNING id",
        new { experimentId, stagesJson, now = Timestamp.Now() }, db.Transaction);

    public void InsertDomain(long jobId, long domainId, int ordinal, string originalCorpus, string preparedCorpus, long fileBytesTotal) =>
        db.Connection.Execute(
            "INSERT INTO corpus_preparation_domains (job_id, domain_id, ordinal, original_corpus, prepared_corpus, file_bytes_total) " +
            "VALUES (@jobId, @domainId, @ordinal, @originalCorpus, @preparedCorpus, @fileBytesTotal)",
            new { jobId, domainId, ordinal, originalCorpus, preparedCorpus, fileBytesTotal }, db.Transaction);

    public CorpusPreparationJobRow? FindJob(long jobId) => db.Connection.QuerySingleOrDefault<CorpusPreparationJobRow>(
        $"SELECT {JobColumns} FROM corpus_preparation_jobs WHERE id = @jobId", new { jobId }, db.Transaction);

    /// <summary>The experiment's queued or running job, if any (at most one: starting refuses a second).</summary>
    public CorpusPreparationJobRow? ActiveJob(long experimentId) => db.Connection.QueryFirstOrDefault<CorpusPreparationJobRow>(
        $"SELECT {JobColumns} FROM corpus_preparation_jobs WHERE experiment_id = @experimentId AND status IN ('queued', 'running') ORDER BY id",
        new { experimentId }, db.Transaction);

    /// <summary>The experiment's jobs, newest first.</summary>
    public IReadOnlyList<CorpusPreparationJobRow> Jobs(long experimentId) => db.Connection.Query<CorpusPreparationJobRow>(
        $"SELECT {JobColumns} FROM corpus_preparation_jobs WHERE experiment_id = @experimentId ORDER BY id DESC",
        new { experimentId }, db.Transaction).AsList();

    /// <summary>Jobs a previous process left queued or running: to be queued again.</summary>
    public IReadOnlyList<long> UnfinishedJobIds() => db.Connection.Query<long>(
        "SELECT id FROM corpus_preparation_jobs WHERE status IN ('queued', 'running') ORDER BY id", transaction: db.Transaction).AsList();

    public void MarkRunning(long jobId) => db.Connection.Execute(
        "UPDATE corpus_preparation_jobs SET status = 'running', started_at = COALESCE(started_at, @now) WHERE id = @jobId",
        new { jobId, now = Timestamp.Now() }, db.Transaction);

    public void MarkFinished(long jobId, string status, string? error) => db.Connection.Execute(
        "UPDATE corpus_preparation_jobs SET status = @status, error = @error, finished_at = @now WHERE id = @jobId",
        new { jobId, status, error, now = Timestamp.Now() }, db.Transaction);

    public void RequestCancel(long jobId) => db.Connection.Execute(
        "UPDATE corpus_preparation_jobs SET cancel_requested = 1 WHERE id = @jobId", new { jobId }, db.Transaction);

    /// <summary>A job's domains in the order they are prepared.</summary>
    public IReadOnlyList<CorpusPreparationDomainRow> Domains(long jobId) => db.Connection.Query<CorpusPreparationDomainRow>(
        "SELECT pd.job_id AS JobId, pd.domain_id AS DomainId, d.name AS Domain, pd.ordinal AS Ordinal, pd.original_corpus AS OriginalCorpus, " +
        "pd.prepared_corpus AS PreparedCorpus, pd.file_bytes_total AS FileBytesTotal, pd.done AS Done, pd.documents_in AS DocumentsIn, " +
        "pd.bytes_in AS BytesIn, pd.documents_out AS DocumentsOut, pd.bytes_out AS BytesOut, pd.shards_json AS ShardsJson, " +
        "pd.stages_json AS StagesJson, pd.elapsed_ms AS ElapsedMs, pd.repointed AS Repointed " +
        "FROM corpus_preparation_domains pd JOIN domains d ON d.id = pd.domain_id WHERE pd.job_id = @jobId ORDER BY pd.ordinal",
        new { jobId }, db.Transaction).AsList();

    /// <summary>One statement: a domain is either done with all its figures or not done at all.</summary>
    public void FinishDomain(long jobId, long domainId, CorpusPreparationDomainResult result) => db.Connection.Execute(
        "UPDATE corpus_preparation_domains SET done = 1, documents_in = @DocumentsIn, bytes_in = @BytesIn, documents_out = @DocumentsOut, " +
        "bytes_out = @BytesOut, shards_json = @ShardsJson, stages_json = @StagesJson, elapsed_ms = @ElapsedMs, finished_at = @now " +
        "WHERE job_id = @jobId AND domain_id = @domainId",
        new
        {
            jobId, domainId, result.DocumentsIn, result.BytesIn, result.DocumentsOut, result.BytesOut, result.ShardsJson,
            result.StagesJson, result.ElapsedMs, now = Timestamp.Now(),
        }, db.Transaction);

    /// <summary>Points the domain at its prepared folder (inside the caller's transaction that completes the job).</summary>
    public void Repoint(long jobId, long domainId, string preparedCorpus)
    {
        db.Connection.Execute("UPDATE domains SET corpus = @preparedCorpus WHERE id = @domainId", new { domainId, preparedCorpus }, db.Transaction);
        db.Connection.Execute("UPDATE corpus_preparation_domains SET repointed = 1 WHERE job_id = @jobId AND domain_id = @domainId",
            new { jobId, domainId }, db.Transaction);
    }

    public long AppendEvent(long jobId, string type, string dataJson) => db.Connection.ExecuteScalar<long>(
        "INSERT INTO corpus_preparation_events (job_id, type, data_json, created_at) VALUES (@jobId, @type, @dataJson, @now) RETURNING id",
        new { jobId, type, dataJson, now = Timestamp.Now() }, db.Transaction);

    /// <summary>The job's events after an id, in the row shape the sweep event stream reads (SweepId carries the job id).</summary>
    public IReadOnlyList<SweepEventRow> EventsAfter(long jobId, long afterId, int limit = 500) => db.Connection.Query<SweepEventRow>(
        "SELECT id AS Id, job_id AS SweepId, type AS Type, data_json AS DataJson, created_at AS CreatedAt FROM corpus_preparation_events " +
        "WHERE job_id = @jobId AND id > @afterId ORDER BY id LIMIT @limit",
        new { jobId, afterId, limit }, db.Transaction).AsList();
}
