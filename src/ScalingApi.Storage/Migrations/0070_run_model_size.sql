-- A run may declare its model size N (parameters) for laws in model size (Chinchilla). NULL: not declared.
ALTER TABLE runs ADD COLUMN parameters REAL CHECK (parameters IS NULL OR parameters > 0);
