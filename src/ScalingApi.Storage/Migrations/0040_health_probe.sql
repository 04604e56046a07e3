-- The health check proves the database is writable by inserting here inside a transaction it
-- always rolls back: the table stays empty and the file does not grow.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY,
    checked_at TEXT NOT NULL
);
