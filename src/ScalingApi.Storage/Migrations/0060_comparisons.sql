-- Mixture comparisons (issue 9). A comparison trains every candidate mixture with the same seeds in
-- one sweep; seed k of every candidate is the same training seed, so sweep runs now carry their own
-- seed (NULL: the sweep's seed, as before).
ALTER TABLE sweep_runs ADD COLUMN seed INTEGER;

CREATE TABLE comparisons (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    sweep_id      INTEGER NOT NULL UNIQUE REFERENCES sweeps(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    -- label of the candidate the others are compared with
    baseline      TEXT NOT NULL,
    seeds         INTEGER NOT NULL CHECK (seeds > 0),
    -- JSON array of the domain names the average loss is taken over
    averaged_json TEXT NOT NULL,
    request_json  TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX comparisons_by_experiment ON comparisons (experiment_id);

-- One candidate mixture, resolved when the comparison was created (the mixture it trains is frozen).
CREATE TABLE comparison_candidates (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    label         TEXT NOT NULL,
    -- natural | uniform | entropy-* | doremi | chameleon | saved | optimal | custom
    kind          TEXT NOT NULL,
    -- JSON: domain → proportion
    mixture_json  TEXT NOT NULL,
    -- FLOPs spent producing the mixture (0 for training-free kinds; NULL when unknown)
    cost_flops    REAL,
    -- JSON: where the mixture came from (saved name, fit id, temperature, predicted losses …)
    source_json   TEXT NOT NULL,
    PRIMARY KEY (comparison_id, position),
    UNIQUE (comparison_id, label)
);

-- Which run trained which candidate with which seed.
CREATE TABLE comparison_runs (
    comparison_id INTEGER NOT NULL REFERENCES comparisons(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    seed          INTEGER NOT NULL,
    run_id        INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
    PRIMARY KEY (comparison_id, position, seed)
);
