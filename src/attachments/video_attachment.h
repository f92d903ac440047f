#pragma once

#include "errors.h"

#include <QImage>
#include <QString>

// Videos as the phones play them: an MP4 whose video is H.264 and whose sound (if any) is AAC goes as a
// video, with its length, size and first frame as the thumbnail; anything else is sent as a document
// (FFmpeg's libraries read the container and decode one frame; nothing is converted).
namespace balcao::video_attachment {

struct Video {
    int width = 0;
    int height = 0;
    double seconds = 0;
    QImage firstFrame; // null when no frame could be decoded
};

// invalid-argument naming why `path` cannot go as a video (not MP4, another codec, unreadable).
Result<Video> probe(const QString &path);

} // namespace balcao::video_attachment
