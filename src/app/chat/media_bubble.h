#pragma once

#include "chat_palette.h"

#include <QCache>
#include <QImage>
#include <QRectF>
#include <QSizeF>
#include <session/events.h>

class QPainter;

namespace balcao::chat {

// What a message's media looks like right now, as the model keeps it: where its file is (once here), whether
// it is coming down, and a voice note's playing.
struct MediaView {
    QString path; // the file on this computer; empty until it is here
    QString state; // "", "queued", "downloading", "retrying", "failed", "uploading", "uploaded"
    double progress = 0; // of a download or upload, 0..1
    bool playing = false;
    double played = 0; // of a voice note, 0..1
};

// Draws the part of a bubble that is not text: a photo or sticker (the thumbnail until the file is here),
// a video's first frame with its length, a voice note's play button, waveform and length, a document's
// icon, name and size, a place, a contact card. Decoded pictures are kept (scaled to the bubble) so
// scrolling does not decode them again.
class MediaBubble {
public:
    // Whether this message's kind has such a body.
    static bool draws(const MessageEvent &message);
    // The body's size in a bubble whose content may be `maxWidth` wide.
    static QSizeF size(const MessageEvent &message, qreal maxWidth);
    // The text shown under the body (a caption), or everything for kinds without a body.
    static QString caption(const MessageEvent &message);

    void paint(QPainter *p, const QRectF &box, const MessageEvent &message, const MediaView &view,
        const ChatColors &colors, bool fromMe) const;

private:
    QImage picture(const MessageEvent &message, const MediaView &view, const QSize &size) const;
    mutable QCache<QString, QImage> m_pictures {48 * 1024}; // cost in KiB of pixels
};

// "1.2 MB", "340 KB" for a file's size.
QString sizeText(quint64 bytes);
// "0:07", "12:45" for a length in seconds.
QString durationText(quint32 seconds);

} // namespace balcao::chat
