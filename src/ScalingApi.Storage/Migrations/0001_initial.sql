-- Experiments own their domains (ordered: position is the index the numerics use), runs,
-- observations and fits. Deleting is not exposed; ON DELETE CASCADE keeps manual clean-up simple.
CREATE TABLE experiments (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    tokens_per_step REAL,
    created_at      TEXT NOT NULL
);

CREATE TABLE domains (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    tokens        REAL,
    UNIQUE (experiment_id, name),
    UNIQUE (experiment_id, position)
);

CREATE TABLE runs (
    id              INTEGER PRIMARY KEY,
    experiment_id   INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    tokens_per_step REAL,
    created_at      TEXT NOT NULL,
    UNIQUE (experiment_id, name)
);

CREATE TABLE run_proportions (
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    domain_id  INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    proportion REAL NOT NULL CHECK (proportion >= 0 AND proportion <= 1),
    PRIMARY KEY (run_id, domain_id)
) WITHOUT ROWID;

-- The natural key is the primary key: re-posting a point is detected by it, and the clustered
-- WITHOUT ROWID layout keeps a run's points together for the fit's range scan.
CREATE TABLE observations (
    run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    step      INTEGER NOT NULL CHECK (step > 0),
    domain_id INTEGER NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    loss      REAL NOT NULL CHECK (loss > 0),
    PRIMARY KEY (run_id, step, domain_id)
) WITHOUT ROWID;

-- A fit is immutable. The fitted model (per-domain laws, diagnostics, intervals and every
-- bootstrap law set) is one JSON document: it is always read whole (predictions and optimal
-- mixtures need the bootstrap laws), its shape varies with the number of domains and resamples,
-- and 2000 resamples x 22 domains as rows would cost far more than one blob. The request and the
-- hold-out evaluation are documents for the same reason; what one filters on is a column.
CREATE TABLE fits (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    law           TEXT NOT NULL,
    objective     TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    bootstrap     INTEGER NOT NULL,
    request_json  TEXT NOT NULL,
    model_json    TEXT NOT NULL,
    holdout_json  TEXT,
    elapsed_ms    REAL NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX fits_by_experiment ON fits (experiment_id);
