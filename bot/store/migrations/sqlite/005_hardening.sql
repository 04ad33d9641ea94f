-- Hardening: WeChat nonces seen, idle sessions, failed logins per (username, address),
-- unanswered questions grouped in the background, the health probe, web messages' ids.
CREATE TABLE wechat_nonces (
    channel TEXT NOT NULL,
    nonce TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    digest TEXT NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (channel, nonce, timestamp)
);
CREATE INDEX wechat_nonces_expiry ON wechat_nonces (expires_at);
ALTER TABLE teacher_sessions ADD COLUMN last_seen TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_pair ON login_failures (username, address, at);
-- A group's id is the id of its first question.
CREATE TABLE question_groups (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    latest_message_id INTEGER NOT NULL
);
CREATE INDEX question_groups_latest ON question_groups (latest_message_id);
CREATE TABLE grouped_questions (
    message_id INTEGER PRIMARY KEY REFERENCES messages (id),
    group_id INTEGER NOT NULL REFERENCES question_groups (id),
    welder_id INTEGER NOT NULL,
    wording TEXT NOT NULL,
    time TEXT NOT NULL
);
CREATE INDEX grouped_questions_group ON grouped_questions (group_id, time);
CREATE INDEX grouped_questions_time ON grouped_questions (time);
CREATE TABLE grouping_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    message_id INTEGER NOT NULL
);
INSERT INTO grouping_cursor (id, message_id) VALUES (1, 0);
CREATE TABLE health (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
);
CREATE TABLE web_requests (
    welder_id INTEGER NOT NULL REFERENCES welders (id),
    client_id TEXT NOT NULL,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    PRIMARY KEY (welder_id, client_id)
);
