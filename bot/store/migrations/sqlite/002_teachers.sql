-- Teachers, their sessions and failed logins; full-text search of the transcript.
CREATE TABLE teachers (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE teacher_sessions (
    token_hash TEXT PRIMARY KEY,
    teacher_id INTEGER NOT NULL REFERENCES teachers (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_at ON login_failures (at);
CREATE TABLE knowledge_changes (
    id INTEGER PRIMARY KEY,
    teacher TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    action TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
-- The trigram tokenizer finds any substring of three characters or more, Chinese included.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text, content = 'messages', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
