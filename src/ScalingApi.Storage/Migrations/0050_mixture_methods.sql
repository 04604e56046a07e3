-- Mixture methods (issue 8): DoReMi and Chameleon jobs. A job trains through ordinary sweeps (one per
-- stage and round); the lease protocol tells a worker what a run does through the sweep's run mode.

-- The run mode every lease of the sweep carries (LeaseRunMode as JSON); NULL for ordinary training.
ALTER TABLE sweeps ADD COLUMN run_mode_json TEXT;

CREATE TABLE mixture_method_jobs (
    id              INTEGER PRIMARY KEY,
    experiment_id   INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    method          TEXT    NOT NULL CHECK (method IN ('doremi', 'chameleon')),
    status          TEXT    NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    -- the request with defaults filled in, and where the mixture comes from (reference mixture, checkpoint)
    parameters_json TEXT    NOT NULL,
    provenance_json TEXT    NOT NULL,
    -- resulting mixture (domain → proportion) and, for Chameleon, the leverage scores and both weight vectors
    weights_json    TEXT,
    details_json    TEXT,
    error           TEXT,
    created_at      TEXT    NOT NULL,
    finished_at     TEXT
);
CREATE INDEX mixture_method_jobs_by_experiment ON mixture_method_jobs (experiment_id, method, status);

-- The sweeps a job launched, in order.
CREATE TABLE mixture_method_sweeps (
    job_id   INTEGER NOT NULL REFERENCES mixture_method_jobs(id) ON DELETE CASCADE,
    sweep_id INTEGER NOT NULL UNIQUE REFERENCES sweeps(id) ON DELETE CASCADE,
    stage    TEXT    NOT NULL,
    round    INTEGER NOT NULL,
    PRIMARY KEY (job_id, sweep_id)
) WITHOUT ROWID;

-- What a worker posted for a run besides losses: DoReMi weight points (kind 'weights', one per step)
-- and Chameleon domain embeddings (kind 'embeddings', step 0). Re-posting the same point replaces it.
CREATE TABLE sweep_run_outputs (
    sweep_run_id INTEGER NOT NULL REFERENCES sweep_runs(id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL,
    step         INTEGER NOT NULL,
    data_json    TEXT    NOT NULL,
    PRIMARY KEY (sweep_run_id, kind, step)
) WITHOUT ROWID;
