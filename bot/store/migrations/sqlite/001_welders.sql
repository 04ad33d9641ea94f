-- Welders, their progress, and the transcript.
CREATE TABLE welders (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE TABLE progress (
    welder_id INTEGER PRIMARY KEY REFERENCES welders (id),
    stage TEXT NOT NULL,
    step TEXT,
    last_entry TEXT,
    confirm_reset INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE TABLE checklist (
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    item TEXT NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (welder_id, item)
);
CREATE TABLE pending_choices (
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    position INTEGER NOT NULL,
    entry_id TEXT NOT NULL,
    PRIMARY KEY (welder_id, position)
);
CREATE TABLE stage_changes (
    id INTEGER PRIMARY KEY,
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX stage_changes_welder ON stage_changes (welder_id, id);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    time TEXT NOT NULL,
    channel TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('welder', 'bot', 'teacher')),
    kind TEXT NOT NULL DEFAULT 'text',
    text TEXT NOT NULL,
    answer_id TEXT,
    confidence REAL,
    answered INTEGER,
    stage TEXT NOT NULL,
    quick_replies TEXT NOT NULL DEFAULT '',
    teacher TEXT
);
CREATE INDEX messages_welder ON messages (welder_id, id);
CREATE INDEX messages_time ON messages (time);
CREATE TABLE handoffs (
    id INTEGER PRIMARY KEY,
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    message_id INTEGER REFERENCES messages (id),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by TEXT
);
CREATE INDEX handoffs_open ON handoffs (resolved_at, id);
