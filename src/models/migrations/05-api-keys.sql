-- Keys of the local HTTP API (src/api). Only a SHA-256 of each token is kept: the token itself is shown
-- once, when the key is created. Agent keys name the sessions they may read and send on (a JSON array).
CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    sessions    TEXT NOT NULL DEFAULT '[]',
    token_hash  BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
