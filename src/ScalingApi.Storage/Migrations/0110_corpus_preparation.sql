-- Corpus preparation jobs (issue 15): language identification, quality filters and deduplication of an
-- experiment's domains into prepared shards under the prepared root (Corpora:PreparedRoot).

-- 'queued' and 'running' jobs are picked up again at start-up. stages_json is the request's stages object.
-- cancel_requested: the cancel endpoint sets it, so a job cancelled while its process died ends cancelled.
CREATE TABLE corpus_preparation_jobs (
    id               INTEGER PRIMARY KEY,
    experiment_id    INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    stages_json      TEXT    NOT NULL,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    error            TEXT,
    created_at       TEXT    NOT NULL,
    started_at       TEXT,
    finished_at      TEXT
);
CREATE INDEX corpus_preparation_jobs_by_experiment ON corpus_preparation_jobs (experiment_id, status);

-- The domains of a job, in the order they are prepared (ordinal). A domain's figures, shards and per-stage
-- outcomes are written in one statement when it finishes (done = 1), so a restarted job never counts a domain
-- twice: it skips done domains and redoes the others from an emptied folder.
CREATE TABLE corpus_preparation_domains (
    job_id           INTEGER NOT NULL REFERENCES corpus_preparation_jobs(id) ON DELETE CASCADE,
    domain_id        INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    ordinal          INTEGER NOT NULL,
    original_corpus  TEXT    NOT NULL,
    prepared_corpus  TEXT    NOT NULL,
    file_bytes_total INTEGER NOT NULL,
    done             INTEGER NOT NULL DEFAULT 0,
    documents_in     INTEGER,
    bytes_in         INTEGER,
    documents_out    INTEGER,
    bytes_out        INTEGER,
    shards_json      TEXT,
    stages_json      TEXT,
    elapsed_ms       REAL,
    repointed        INTEGER NOT NULL DEFAULT 0,
    finished_at      TEXT,
    PRIMARY KEY (job_id, domain_id)
) WITHOUT ROWID;

-- The job's history, streamed as Server-Sent Events (id = event id).
CREATE TABLE corpus_preparation_events (
    id         INTEGER PRIMARY KEY,
    job_id     INTEGER NOT NULL REFERENCES corpus_preparation_jobs(id) ON DELETE CASCADE,
    type       TEXT    NOT NULL,
    data_json  TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX corpus_preparation_events_by_job ON corpus_preparation_events (job_id, id);
