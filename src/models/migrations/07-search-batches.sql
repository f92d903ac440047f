-- Messages are indexed for search in batches. Adding one row to messages_fts inside a transaction made
-- FTS5 write its buffered terms out at the end of that statement: two thirds of the time spent storing an
-- incoming message. A new message now only notes its seq here; search_index.cpp indexes the pending rows in
-- one INSERT … SELECT before its transaction commits (and before a search), so the index is as current as
-- before at every commit. A row that is still pending is not in messages_fts, so deleting or changing it
-- must not send FTS5 a 'delete' for it (that would damage the index).
CREATE TABLE messages_fts_pending (
    seq INTEGER PRIMARY KEY
);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.text <> ''
BEGIN INSERT INTO messages_fts_pending(seq) VALUES (new.seq); END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.text <> ''
BEGIN INSERT INTO messages_fts(messages_fts, rowid, text) SELECT 'delete', old.seq, old.text WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE seq = old.seq); DELETE FROM messages_fts_pending WHERE seq = old.seq; END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
BEGIN INSERT INTO messages_fts(messages_fts, rowid, text) SELECT 'delete', old.seq, old.text WHERE old.text <> '' AND NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE seq = old.seq); INSERT OR IGNORE INTO messages_fts_pending(seq) SELECT new.seq WHERE new.text <> ''; DELETE FROM messages_fts_pending WHERE seq = new.seq AND new.text = ''; END;
