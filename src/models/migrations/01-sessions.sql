-- One row per linked (or being linked) WhatsApp number.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    own_jid     TEXT,
    auto_start  INTEGER NOT NULL DEFAULT 1,
    last_status TEXT NOT NULL DEFAULT 'new'
);
