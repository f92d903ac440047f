-- A webhook may carry downloaded files in their message.media deliveries, up to a size (src/webhooks/webhook.h).
ALTER TABLE webhooks ADD COLUMN include_media INTEGER NOT NULL DEFAULT 0;
