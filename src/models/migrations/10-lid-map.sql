-- The two addresses WhatsApp knows a person by (docs/lid.md): a LID user and a phone-number user, one
-- partner each. Chats are kept under the phone number once it is known, so this is what finds it.
CREATE TABLE lid_map (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    lid        TEXT NOT NULL,
    phone      TEXT NOT NULL,
    PRIMARY KEY (session_id, lid),
    UNIQUE (session_id, phone)
) WITHOUT ROWID;

-- Privacy tokens: the one a contact's account issued ours (attached to our 1:1 messages to it) and when we
-- last issued ours to it. A row may hold either or both.
CREATE TABLE privacy_tokens (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    jid        TEXT NOT NULL,
    token      BLOB,
    token_t    INTEGER NOT NULL DEFAULT 0,
    issued_t   INTEGER,
    PRIMARY KEY (session_id, jid)
) WITHOUT ROWID;
