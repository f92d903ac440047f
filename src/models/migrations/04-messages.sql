-- A session's messages, chats and contacts (src/engine/messaging/message_store.h).
-- The outbox is not a table of its own: an outgoing message is a row of `messages` with status 'pending'
-- and a partial index finds those. One row per message means the message, its place in the chat and its
-- delivery state can never disagree after a crash, and each receipt is a single-row UPDATE.
-- `seq` is the arrival order: it breaks ties between equal timestamps (WhatsApp stamps in seconds), orders
-- the outbox for resending, and is the rowid the full-text index points at.
CREATE TABLE messages (
    seq         INTEGER PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    chat_jid    TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    sender_jid  TEXT NOT NULL,
    from_me     INTEGER NOT NULL CHECK (from_me IN (0, 1)),
    timestamp   INTEGER NOT NULL,
    type        TEXT NOT NULL,
    text        TEXT NOT NULL,
    push_name   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'played', 'failed')),
    unread      INTEGER NOT NULL CHECK (unread IN (0, 1)),
    retry_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, chat_jid, message_id)
);

-- Paging a chat newest first (the `messages` query, opening a chat) walks this index backwards.
CREATE INDEX messages_by_time ON messages(session_id, chat_jid, timestamp, seq);
-- Unread counts and mark-read touch only the unread rows.
CREATE INDEX messages_unread ON messages(session_id, chat_jid) WHERE unread = 1;
-- The outbox: what is still pending, per session, in arrival (seq) order.
CREATE INDEX messages_outbox ON messages(session_id) WHERE status = 'pending';

-- One row per chat with its latest message (by timestamp, then arrival), so the chat list is one index
-- walk instead of a scan of every message.
CREATE TABLE chats (
    session_id     TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    chat_jid       TEXT NOT NULL,
    last_seq       INTEGER NOT NULL,
    last_timestamp INTEGER NOT NULL,
    PRIMARY KEY (session_id, chat_jid)
) WITHOUT ROWID;

CREATE INDEX chats_by_activity ON chats(session_id, last_timestamp, last_seq);

-- Push names as they arrive with messages; `seen_at` (the message's timestamp) keeps an older sighting
-- from replacing a newer one when offline messages come out of order.
CREATE TABLE contacts (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    jid        TEXT NOT NULL,
    push_name  TEXT NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (session_id, jid)
) WITHOUT ROWID;

-- Text search across all sessions: an FTS5 index (Debian's SQLite 3.40 is built with ENABLE_FTS5) over
-- messages.text, with the text itself kept only in `messages` (external content). unicode61 with
-- remove_diacritics 2 folds case and accents, so "nao" finds "Não". Triggers keep it in step with every
-- write; a row without text (placeholders) is not indexed. Each trigger body stays on one line because
-- migrations are split into statements at line-final semicolons.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text,
    content = 'messages',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text <> ''
BEGIN INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text); END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text <> ''
BEGIN INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.seq, old.text); END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
BEGIN INSERT INTO messages_fts(messages_fts, rowid, text) SELECT 'delete', old.seq, old.text WHERE old.text <> ''; INSERT INTO messages_fts(rowid, text) SELECT new.seq, new.text WHERE new.text <> ''; END;
