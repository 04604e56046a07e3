-- Proxy sweeps (issue 4). A sweep trains one ordinary run of its experiment per mixture; a
-- sweep_run is that run's training job: its lease (which worker holds it, until when), its
-- progress and its compute. Workers are separate processes, so every piece of state a crash
-- must not lose lives here, not in memory.

CREATE TABLE sweeps (
    id               INTEGER PRIMARY KEY,
    experiment_id    INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    -- pending | running | completed | failed | cancelled
    status           TEXT NOT NULL,
    executor         TEXT NOT NULL,
    tokenizer        TEXT NOT NULL,
    -- ProxyModelSpec as sent to workers (preset + overrides, batch size resolved)
    model_json       TEXT NOT NULL,
    parameters       INTEGER NOT NULL,
    tokens_per_step  INTEGER NOT NULL,
    steps            INTEGER NOT NULL CHECK (steps > 0),
    checkpoint_steps TEXT NOT NULL,
    seed             INTEGER NOT NULL,
    request_json     TEXT NOT NULL,
    -- executor data (Slurm: the batch script it submitted and the array job id)
    batch_script     TEXT,
    external_job_id  TEXT,
    created_at       TEXT NOT NULL,
    finished_at      TEXT
);
CREATE INDEX sweeps_by_experiment ON sweeps (experiment_id);
CREATE INDEX sweeps_by_status ON sweeps (status);

CREATE TABLE sweep_runs (
    id                 INTEGER PRIMARY KEY,
    sweep_id           INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
    run_id             INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
    task_index         INTEGER NOT NULL,
    -- pending | leased | completed | failed | cancelled
    status             TEXT NOT NULL,
    attempts           INTEGER NOT NULL DEFAULT 0,
    lease_id           TEXT,
    worker_id          TEXT,
    lease_expires_at   TEXT,
    step               INTEGER NOT NULL DEFAULT 0,
    tokens_per_second  REAL,
    train_loss         REAL,
    -- compute of finished attempts plus the current attempt's last report
    device_seconds     REAL NOT NULL DEFAULT 0,
    tokens             INTEGER NOT NULL DEFAULT 0,
    spent_device_seconds REAL NOT NULL DEFAULT 0,
    spent_tokens       INTEGER NOT NULL DEFAULT 0,
    last_error         TEXT,
    progress_event_at  TEXT,
    started_at         TEXT,
    finished_at        TEXT,
    -- executor's view of the task (Slurm: squeue/sacct state and reason)
    external_state     TEXT,
    external_reason    TEXT,
    UNIQUE (sweep_id, task_index)
);
CREATE INDEX sweep_runs_by_lease ON sweep_runs (lease_id);
CREATE INDEX sweep_runs_by_status ON sweep_runs (status, lease_expires_at);

-- Every lease ever handed out, so a stale worker gets 410 (taken over) rather than 404.
CREATE TABLE sweep_leases (
    lease_id     TEXT PRIMARY KEY,
    sweep_run_id INTEGER NOT NULL REFERENCES sweep_runs(id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    worker_id    TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

-- The sweep's history, streamed as Server-Sent Events (id = event id).
CREATE TABLE sweep_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    sweep_id   INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    data_json  TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sweep_events_by_sweep ON sweep_events (sweep_id, id);
