-- Who moved a welder's stage and why (NULL: the bot, reading the welder's words).
ALTER TABLE stage_changes ADD COLUMN changed_by TEXT;
ALTER TABLE stage_changes ADD COLUMN teacher TEXT;
ALTER TABLE stage_changes ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- When the welder entered their current stage: the roster sorts on it with an index.
ALTER TABLE progress ADD COLUMN stage_since TEXT;
UPDATE progress SET stage_since = COALESCE((SELECT MAX(s.at) FROM stage_changes s
    WHERE s.welder_id = progress.welder_id AND s.to_stage = progress.stage), updated_at);
CREATE INDEX progress_stage ON progress (stage, stage_since);
CREATE INDEX progress_since ON progress (stage_since);
CREATE INDEX welders_last_seen ON welders (last_seen, id);
-- 有用/没用 votes on the bot's answers.
CREATE TABLE feedback (
    message_id INTEGER PRIMARY KEY REFERENCES messages (id),
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    helpful INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX feedback_unhelpful ON feedback (at) WHERE helpful = 0;
-- The review queue: answers given with little confidence (the query repeats this test).
CREATE INDEX messages_unsure ON messages (id)
    WHERE role = 'bot' AND answered = 1 AND confidence < 0.5;
-- When a welder long in review was last nudged.
CREATE TABLE nudges (
    welder_id INTEGER PRIMARY KEY REFERENCES welders (id),
    at TEXT NOT NULL
);
