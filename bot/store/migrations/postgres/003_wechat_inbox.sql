-- WeChat retries: the reply to each (channel, sender, message key), stored with the turn.
CREATE TABLE wechat_inbox (
    channel TEXT NOT NULL,
    from_user TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    reply TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (channel, from_user, dedup_key)
);
