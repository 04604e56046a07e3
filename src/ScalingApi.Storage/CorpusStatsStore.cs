using Dapper;

namespace ScalingApi.Storage;

/// <summary>Corpus statistics: the (fingerprint, tokenizer) cache and the jobs that fill it.</summary>
public sealed class CorpusStatsStore(DbSession db)
{
    private static readonly string StatsColumns = Stats("");

    /// <summary>The cache columns, qualified with a table alias when they are selected in a join.</summary>
    private static string Stats(string alias) => string.Join(", ", new[]
    {
        "fingerprint AS Fingerprint", "tokenizer AS Tokenizer", "files AS Files", "file_bytes AS FileBytes", "documents AS Documents",
        "bytes AS Bytes", "tokens AS Tokens", "pairs AS Pairs", "shannon_entropy AS ShannonEntropy", "joint_entropy AS JointEntropy",
        "conditional_entropy AS ConditionalEntropy", "von_neumann_entropy AS VonNeumannEntropy",
        "embedding_dimensions AS EmbeddingDimensions", "elapsed_ms AS ElapsedMs", "computed_at AS ComputedAt",
    }.Select(c => alias + c));

    private const string JobColumns =
        "id AS Id, experiment_id AS ExperimentId, tokenizer AS Tokenizer, status AS Status, error AS Error, " +
        "created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt";

    public CorpusStatsRow? FindCached(string fingerprint, string tokenizer) => db.Connection.QuerySingleOrDefault<CorpusStatsRow>(
        $"SELECT {StatsColumns} FROM corpus_stats WHERE fingerprint = @fingerprint AND tokenizer = @tokenizer",
        new { fingerprint, tokenizer }, db.Transaction);

    /// <summary>One statement, so the cache holds a complete result or nothing (never half a row).</summary>
    public void SaveCached(CorpusStatsRow row) => db.Connection.Execute(
        "INSERT OR REPLACE INTO corpus_stats (fingerprint, tokenizer, files, file_bytes, documents, bytes, tokens, pairs, " +
        "shannon_entropy, joint_entropy, conditional_entropy, von_neumann_entropy, embedding_dimensions, elapsed_ms, computed_at) " +
        "VALUES (@Fingerprint, @Tokenizer, @Files, @FileBytes, @Documents, @Bytes, @Tokens, @Pairs, @ShannonEntropy, @JointEntropy, " +
        "@ConditionalEntropy, @VonNeumannEntropy, @EmbeddingDimensions, @ElapsedMs, @ComputedAt)",
        row with { ComputedAt = Timestamp.Now() }, db.Transaction);

    public long InsertJob(long experimentId, string tokenizer, string status)
    {
        var now = Timestamp.Now();
        var finished = status == CorpusStatsJobStatus.Completed ? now : null;
        return db.Connection.ExecuteScalar<long>(
            "INSERT INTO corpus_stats_jobs (experiment_id, tokenizer, status, created_at, started_at, finished_at) " +
            "VALUES (@experimentId, @tokenizer, @status, @now, @finished, @finished) RETURNING id",
            new { experimentId, tokenizer, status, now, finished }, db.Transaction);
    }

    public void InsertJobDomain(long jobId, long domainId, string fingerprint, long bytesTotal, bool fromCache) => db.Connection.Execute(
        "INSERT INTO corpus_stats_job_domains (job_id, domain_id, fingerprint, bytes_total, from_cache) " +
        "VALUES (@jobId, @domainId, @fingerprint, @bytesTotal, @fromCache)",
        new { jobId, domainId, fingerprint, bytesTotal, fromCache }, db.Transaction);

    /// <summary>The corpus may have changed between the request and the run; the job reports what it measured.</summary>
    public void UpdateJobDomain(long jobId, long domainId, string fingerprint, long bytesTotal, bool fromCache) => db.Connection.Execute(
        "UPDATE corpus_stats_job_domains SET fingerprint = @fingerprint, bytes_total = @bytesTotal, from_cache = @fromCache " +
        "WHERE job_id = @jobId AND domain_id = @domainId",
        new { jobId, domainId, fingerprint, bytesTotal, fromCache }, db.Transaction);

    public CorpusStatsJobRow? FindJob(long jobId) => db.Connection.QuerySingleOrDefault<CorpusStatsJobRow>(
        $"SELECT {JobColumns} FROM corpus_stats_jobs WHERE id = @jobId", new { jobId }, db.Transaction);

    /// <summary>The queued or running job of an experiment for a tokenizer, if any (at most one by construction).</summary>
    public CorpusStatsJobRow? ActiveJob(long experimentId, string tokenizer) => db.Connection.QueryFirstOrDefault<CorpusStatsJobRow>(
        $"SELECT {JobColumns} FROM corpus_stats_jobs WHERE experiment_id = @experimentId AND tokenizer = @tokenizer " +
        "AND status IN ('queued', 'running') ORDER BY id DESC",
        new { experimentId, tokenizer }, db.Transaction);

    public CorpusStatsJobRow? LatestJob(long experimentId, string? tokenizer) => db.Connection.QueryFirstOrDefault<CorpusStatsJobRow>(
        $"SELECT {JobColumns} FROM corpus_stats_jobs WHERE experiment_id = @experimentId " +
        "AND (@tokenizer IS NULL OR tokenizer = @tokenizer) ORDER BY id DESC",
        new { experimentId, tokenizer }, db.Transaction);

    /// <summary>Jobs a previous process left queued or running (it stopped or crashed): to be queued again.</summary>
    public IReadOnlyList<long> UnfinishedJobIds() => db.Connection.Query<long>(
        "SELECT id FROM corpus_stats_jobs WHERE status IN ('queued', 'running') ORDER BY id", transaction: db.Transaction).AsList();

    public void MarkRunning(long jobId) => db.Connection.Execute(
        "UPDATE corpus_stats_jobs SET status = 'running', error = NULL, started_at = @now WHERE id = @jobId",
        new { jobId, now = Timestamp.Now() }, db.Transaction);

    public void MarkFinished(long jobId, string status, string? error) => db.Connection.Execute(
        "UPDATE corpus_stats_jobs SET status = @status, error = @error, finished_at = @now WHERE id = @jobId",
        new { jobId, status, error, now = Timestamp.Now() }, db.Transaction);

    /// <summary>A job's domains in domain order, each with its cached result if present.</summary>
    public IReadOnlyList<CorpusStatsJobDomainRow> JobDomains(long jobId) => db.Connection.Query<CorpusStatsJobDomainRow, CorpusStatsRow, CorpusStatsJobDomainRow>(
        "SELECT jd.job_id AS JobId, jd.domain_id AS DomainId, d.name AS Domain, d.position AS Position, d.corpus AS Corpus, " +
        "jd.fingerprint AS Fingerprint, jd.bytes_total AS BytesTotal, jd.from_cache AS FromCache, " +
        $"s.fingerprint AS Split, {Stats("s.")} " +
        "FROM corpus_stats_job_domains jd JOIN corpus_stats_jobs j ON j.id = jd.job_id JOIN domains d ON d.id = jd.domain_id " +
        "LEFT JOIN corpus_stats s ON s.fingerprint = jd.fingerprint AND s.tokenizer = j.tokenizer " +
        "WHERE jd.job_id = @jobId ORDER BY d.position",
        // Dapper materialises the right side of an unmatched LEFT JOIN as defaults; tokenizer is NOT NULL in the cache
        (domain, result) => domain with { Result = string.IsNullOrEmpty(result?.Tokenizer) ? null : result },
        new { jobId }, db.Transaction, splitOn: "Split").AsList();
}
