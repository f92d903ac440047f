-- A message's typed content (src/engine/messaging/content_codec.h): kind, payload (media keys and details,
-- location, contact card, reaction, edit, revoke, call, notice), the message it replies to, mentions and the
-- forwarded and view-once flags, as versioned CBOR. `type` and `text` stay as the chat list and search read
-- them. Rows stored before this have no content and are read from their type and text.
ALTER TABLE messages ADD COLUMN content BLOB;
