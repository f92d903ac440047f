-- Webhooks and their deliveries (src/webhooks). A delivery is stored before it is first sent, so it survives a
-- crash or restart; `seq` is the order in which one session's deliveries must reach its receiver.
-- Deleting a session deletes its webhook, and deleting a webhook deletes its deliveries (queued ones are not sent).
CREATE TABLE webhooks (
    session_id  TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    session_id      TEXT NOT NULL REFERENCES webhooks(session_id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    body            BLOB NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'kept', 'delivered')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    response_code   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    last_attempt_at INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    delivered_at    INTEGER NOT NULL DEFAULT 0
);

-- The queue: a session's undelivered deliveries in order (the literal lets SQLite use the partial index).
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries(session_id, seq) WHERE state != 'delivered';
-- The log, newest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(session_id, seq);
