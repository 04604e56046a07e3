-- A run may declare the learning-rate schedule it trained with (JSON, the API's learningRateSchedule form),
-- for schedule-aware laws (bimix-lr); sweeps record theirs. NULL: not declared.
ALTER TABLE runs ADD COLUMN lr_schedule TEXT;
