-- A session's device credentials (noise, identity and prekey private keys, ADV account), sealed as a whole
-- under the profile's sealing key (src/models/sealed_box.h). Plain columns hold nothing secret.
CREATE TABLE credentials (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL
);
