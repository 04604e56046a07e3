-- A fit may use a subset of the experiment's runs (by name and/or one sweep's runs), so sweeps with
-- different budgets in one experiment can be fitted apart. Older fits used every run: both NULL.
ALTER TABLE fits ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
-- JSON array of the names of the runs the fit used (training and held-out), in run order
ALTER TABLE fits ADD COLUMN runs_json TEXT;
