-- A session's Signal protocol state (src/engine/signal/signal_store.h): the opaque records of
-- libsignal-protocol-c, keyed by session and by Signal address (user name, device) or key id.
-- Columns named `sealed` hold records sealed under the profile's sealing key (src/models/sealed_box.h):
-- prekeys carry private keys, sessions and sender keys carry root and chain keys that open messages.
-- Remote identity keys are public and stay in the clear.
CREATE TABLE signal_identities (
    session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    device       INTEGER NOT NULL,
    identity_key BLOB NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (session_id, name, device)
) WITHOUT ROWID;

CREATE TABLE signal_sessions (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    device     INTEGER NOT NULL,
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, name, device)
) WITHOUT ROWID;

CREATE TABLE signal_prekeys (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    key_id     INTEGER NOT NULL,
    sealed     BLOB NOT NULL,
    PRIMARY KEY (session_id, key_id)
) WITHOUT ROWID;

CREATE TABLE signal_signed_prekeys (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    key_id     INTEGER NOT NULL,
    sealed     BLOB NOT NULL,
    PRIMARY KEY (session_id, key_id)
) WITHOUT ROWID;

CREATE TABLE signal_sender_keys (
    session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    group_id      TEXT NOT NULL,
    sender_name   TEXT NOT NULL,
    sender_device INTEGER NOT NULL,
    sealed        BLOB NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (session_id, group_id, sender_name, sender_device)
) WITHOUT ROWID;
