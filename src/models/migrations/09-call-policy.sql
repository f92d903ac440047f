-- What each number does with calls (src/engine/messaging/call_policy.h): ring on the phone (0) or reject them,
-- with an optional text sent to the caller afterwards.
ALTER TABLE sessions ADD COLUMN reject_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN call_reply TEXT NOT NULL DEFAULT '';
