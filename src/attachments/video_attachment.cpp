#include "video_attachment.h"

#include <QFile>
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

namespace balcao::video_attachment {

namespace {

// A frame larger than this is not decoded for a thumbnail (a hostile header cannot make us allocate much).
constexpr int kMaxSide = 8192;
constexpr int kMaxPacketsForFirstFrame = 256;

Error notVideo(const QString &why) {
    return makeError(errc::kInvalidArgument, QStringLiteral("Not a video the phones play: %1.").arg(why));
}

struct FormatClose {
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
struct CodecFree {
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameFree {
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketFree {
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct ScaleFree {
    void operator()(SwsContext *s) const { sws_freeContext(s); }
};

QImage firstFrame(AVFormatContext *format, int streamIndex) {
    const AVStream *stream = format->streams[streamIndex];
    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec)
        return {};
    std::unique_ptr<AVCodecContext, CodecFree> context(avcodec_alloc_context3(codec));
    if (!context || avcodec_parameters_to_context(context.get(), stream->codecpar) < 0)
        return {};
    context->thread_count = 1;
    if (avcodec_open2(context.get(), codec, nullptr) < 0)
        return {};
    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
    std::unique_ptr<AVFrame, FrameFree> frame(av_frame_alloc());
    for (int read = 0; read < kMaxPacketsForFirstFrame && av_read_frame(format, packet.get()) >= 0; ++read) {
        const bool ours = packet->stream_index == streamIndex;
        const int sent = ours ? avcodec_send_packet(context.get(), packet.get()) : 0;
        av_packet_unref(packet.get());
        if (!ours || sent < 0)
            continue;
        if (avcodec_receive_frame(context.get(), frame.get()) == 0)
            break;
    }
    if (frame->width <= 0 || frame->height <= 0 || frame->width > kMaxSide || frame->height > kMaxSide)
        return {};
    std::unique_ptr<SwsContext, ScaleFree> scale(
        sws_getContext(frame->width, frame->height, AVPixelFormat(frame->format), frame->width, frame->height,
            AV_PIX_FMT_RGB32, SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!scale)
        return {};
    QImage image(frame->width, frame->height, QImage::Format_RGB32);
    uint8_t *target[] = {image.bits()};
    const int stride[] = {int(image.bytesPerLine())};
    sws_scale(scale.get(), frame->data, frame->linesize, 0, frame->height, target, stride);
    return image;
}

} // namespace

Result<Video> probe(const QString &path) {
    AVFormatContext *opened = nullptr;
    if (avformat_open_input(&opened, QFile::encodeName(path).constData(), nullptr, nullptr) < 0)
        return notVideo(QStringLiteral("FFmpeg cannot read it"));
    std::unique_ptr<AVFormatContext, FormatClose> format(opened);
    const QString container = QString::fromLatin1(format->iformat->name);
    if (!container.split(u',').contains(QLatin1String("mp4")))
        return notVideo(QStringLiteral("it is %1, not MP4").arg(container));
    if (avformat_find_stream_info(format.get(), nullptr) < 0)
        return notVideo(QStringLiteral("its streams cannot be read"));
    int videoIndex = -1;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVCodecParameters *codec = format->streams[i]->codecpar;
        if (codec->codec_type == AVMEDIA_TYPE_VIDEO && videoIndex < 0) {
            if (codec->codec_id != AV_CODEC_ID_H264)
                return notVideo(QStringLiteral("its video is %1, not H.264")
                                    .arg(QLatin1String(avcodec_get_name(codec->codec_id))));
            videoIndex = int(i);
        } else if (codec->codec_type == AVMEDIA_TYPE_AUDIO && codec->codec_id != AV_CODEC_ID_AAC) {
            return notVideo(QStringLiteral("its sound is %1, not AAC")
                                .arg(QLatin1String(avcodec_get_name(codec->codec_id))));
        }
    }
    if (videoIndex < 0)
        return notVideo(QStringLiteral("it has no picture"));
    const AVCodecParameters *video = format->streams[videoIndex]->codecpar;
    Video result;
    result.width = video->width;
    result.height = video->height;
    result.seconds = format->duration > 0 ? double(format->duration) / AV_TIME_BASE : 0;
    result.firstFrame = firstFrame(format.get(), videoIndex);
    return result;
}

} // namespace balcao::video_attachment
