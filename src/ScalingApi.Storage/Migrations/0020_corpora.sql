-- Corpora (issue 3): where each domain's text lives, its measured statistics and named mixtures.

-- Tokenizer of the experiment's corpus statistics; a domain's corpus reference is relative to a
-- configured root (Corpora:Roots) and resolved again at every use, so moving a root is a config change.
ALTER TABLE experiments ADD COLUMN tokenizer TEXT NOT NULL DEFAULT 'bytes';
ALTER TABLE domains ADD COLUMN corpus TEXT;

-- The statistics cache. A row is the complete result for one corpus content (fingerprint over file
-- paths, sizes and modification times) and tokenizer; it is written in a single INSERT, so a crash
-- leaves either the whole row or none. A changed corpus has a new fingerprint, hence no row.
CREATE TABLE corpus_stats (
    fingerprint          TEXT    NOT NULL,
    tokenizer            TEXT    NOT NULL,
    files                INTEGER NOT NULL,
    file_bytes           INTEGER NOT NULL,
    documents            INTEGER NOT NULL,
    bytes                INTEGER NOT NULL,
    tokens               INTEGER NOT NULL,
    pairs                INTEGER NOT NULL,
    shannon_entropy      REAL    NOT NULL,
    joint_entropy        REAL    NOT NULL,
    conditional_entropy  REAL    NOT NULL,
    von_neumann_entropy  REAL,
    embedding_dimensions INTEGER NOT NULL,
    elapsed_ms           REAL    NOT NULL,
    computed_at          TEXT    NOT NULL,
    PRIMARY KEY (fingerprint, tokenizer)
) WITHOUT ROWID;

-- A statistics job of an experiment. 'queued' and 'running' jobs are picked up again at start-up.
CREATE TABLE corpus_stats_jobs (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    tokenizer     TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    error         TEXT,
    created_at    TEXT    NOT NULL,
    started_at    TEXT,
    finished_at   TEXT
);
CREATE INDEX corpus_stats_jobs_by_experiment ON corpus_stats_jobs (experiment_id, tokenizer, status);

-- The domains a job measures, with the fingerprint and on-disk size seen when it (re)started.
-- A domain is done when corpus_stats holds (fingerprint, job tokenizer).
CREATE TABLE corpus_stats_job_domains (
    job_id      INTEGER NOT NULL REFERENCES corpus_stats_jobs(id) ON DELETE CASCADE,
    domain_id   INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    fingerprint TEXT    NOT NULL,
    bytes_total INTEGER NOT NULL,
    from_cache  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, domain_id)
) WITHOUT ROWID;

-- Named mixtures saved on an experiment; sweeps and optimizers refer to them by name.
-- kind is 'custom' for a posted mixture, else the computed kind it was saved from (with its temperature).
CREATE TABLE named_mixtures (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    temperature   REAL,
    tokenizer     TEXT,
    created_at    TEXT    NOT NULL,
    UNIQUE (experiment_id, name)
);

CREATE TABLE named_mixture_proportions (
    mixture_id INTEGER NOT NULL REFERENCES named_mixtures(id) ON DELETE CASCADE,
    domain_id  INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    proportion REAL    NOT NULL CHECK (proportion >= 0 AND proportion <= 1),
    PRIMARY KEY (mixture_id, domain_id)
) WITHOUT ROWID;
