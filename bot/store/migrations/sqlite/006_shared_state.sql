-- What several processes must agree on. Progress gets a version (a turn saves only over
-- the version it read) and the welder's rate allowance; existing rows are version 1, since
-- 0 means "no row yet". Shared values (the secret, WeChat's access token, leases), and the
-- teachers' knowledge edits with a version every process polls.
ALTER TABLE progress ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE progress ADD COLUMN allowance REAL;
ALTER TABLE progress ADD COLUMN allowance_at REAL NOT NULL DEFAULT 0;
CREATE TABLE shared_values (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at REAL
);
CREATE TABLE knowledge_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    claim TEXT NOT NULL DEFAULT ''  -- who moved it last: the edit's own statements check it
);
CREATE TABLE knowledge_questions (
    id INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL,
    question TEXT NOT NULL,
    UNIQUE (entry_id, question)
);
CREATE TABLE knowledge_entries (
    id INTEGER PRIMARY KEY,
    entry_id TEXT NOT NULL UNIQUE,
    stage TEXT NOT NULL,
    step TEXT NOT NULL,
    title TEXT NOT NULL,
    questions TEXT NOT NULL,
    answer TEXT NOT NULL,
    source TEXT NOT NULL,
    related TEXT NOT NULL DEFAULT ''
);
