#include "media_bubble.h"

#include "message_format.h"

#include <QFileInfo>
#include <QImageReader>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <messaging/vcard.h>

namespace balcao::chat {

namespace {

constexpr qreal kMaxPictureWidth = 260;
constexpr qreal kMaxPictureHeight = 320;
constexpr qreal kStickerSide = 150;
constexpr qreal kAudioHeight = 46;
constexpr qreal kDocumentHeight = 58;
constexpr qreal kLocationHeight = 120;
constexpr qreal kContactHeight = 58;

QFont smaller(const QFont &font, qreal factor) {
    QFont f = font;
    f.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * factor : 9);
    return f;
}

void drawPlay(
    QPainter *p, const QPointF &center, qreal radius, const QColor &disc, const QColor &glyph, bool pause) {
    p->setPen(Qt::NoPen);
    p->setBrush(disc);
    p->drawEllipse(center, radius, radius);
    p->setBrush(glyph);
    if (pause) {
        const qreal w = radius * 0.22;
        p->drawRect(QRectF(center.x() - 2.2 * w, center.y() - radius * 0.45, w * 1.6, radius * 0.9));
        p->drawRect(QRectF(center.x() + 0.6 * w, center.y() - radius * 0.45, w * 1.6, radius * 0.9));
        return;
    }
    QPainterPath triangle;
    triangle.moveTo(center + QPointF(-radius * 0.32, -radius * 0.48));
    triangle.lineTo(center + QPointF(radius * 0.52, 0));
    triangle.lineTo(center + QPointF(-radius * 0.32, radius * 0.48));
    triangle.closeSubpath();
    p->drawPath(triangle);
}

// A ring of progress over a picture still coming down.
void drawProgress(QPainter *p, const QRectF &box, double progress, const QString &state) {
    const QPointF c = box.center();
    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0, 0, 0, 120));
    p->drawEllipse(c, 22, 22);
    p->setPen(QPen(Qt::white, 3, Qt::SolidLine, Qt::RoundCap));
    p->setBrush(Qt::NoBrush);
    if (state == QLatin1String("failed")) {
        p->drawLine(c + QPointF(-7, -7), c + QPointF(7, 7));
        p->drawLine(c + QPointF(-7, 7), c + QPointF(7, -7));
        return;
    }
    const QRectF ring(c - QPointF(15, 15), QSizeF(30, 30));
    p->drawArc(ring, 90 * 16, -int(360 * 16 * std::clamp(progress, 0.05, 1.0)));
}

QString extensionOf(const MediaInfo &media) {
    const QString suffix = QFileInfo(media.fileName).suffix().toUpper();
    if (!suffix.isEmpty() && suffix.size() <= 5)
        return suffix;
    return media.mimetype.section(u'/', 1).section(u';', 0, 0).toUpper().left(5);
}

} // namespace

QString sizeText(quint64 bytes) {
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeSIFormat);
}

QString durationText(quint32 seconds) {
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

bool MediaBubble::draws(const MessageEvent &m) {
    switch (m.content.kind) {
    case MessageKind::Image:
    case MessageKind::Video:
    case MessageKind::Audio:
    case MessageKind::Document:
    case MessageKind::Sticker:
        return mediaInfoOf(m.content) != nullptr;
    case MessageKind::Location:
        return std::holds_alternative<LocationPayload>(m.content.payload);
    case MessageKind::Contact:
        return std::holds_alternative<ContactCardPayload>(m.content.payload);
    default:
        return false;
    }
}

QSizeF MediaBubble::size(const MessageEvent &m, qreal maxWidth) {
    const qreal width = std::min(kMaxPictureWidth, maxWidth);
    switch (m.content.kind) {
    case MessageKind::Image:
    case MessageKind::Video: {
        const MediaInfo *media = mediaInfoOf(m.content);
        const qreal aspect
            = media && media->width && media->height ? qreal(media->height) / media->width : 0.75;
        return QSizeF(width, std::clamp(width * aspect, 90.0, kMaxPictureHeight));
    }
    case MessageKind::Sticker:
        return QSizeF(std::min(kStickerSide, maxWidth), std::min(kStickerSide, maxWidth));
    case MessageKind::Audio:
        return QSizeF(width, kAudioHeight);
    case MessageKind::Document:
        return QSizeF(width, kDocumentHeight);
    case MessageKind::Location:
        return QSizeF(width, kLocationHeight);
    case MessageKind::Contact:
        return QSizeF(width, kContactHeight);
    default:
        return {};
    }
}

QString MediaBubble::caption(const MessageEvent &m) {
    if (m.content.kind == MessageKind::Location || m.content.kind == MessageKind::Contact)
        return {};
    return m.content.text;
}

QImage MediaBubble::picture(const MessageEvent &m, const MediaView &view, const QSize &size) const {
    const MediaInfo *media = mediaInfoOf(m.content);
    const bool fromFile = !view.path.isEmpty() && m.content.kind != MessageKind::Video;
    const QString key = QStringLiteral("%1|%2|%3x%4")
                            .arg(m.id, fromFile ? view.path : QStringLiteral("thumb"))
                            .arg(size.width())
                            .arg(size.height());
    if (const QImage *cached = m_pictures.object(key))
        return *cached;
    QImage image;
    if (fromFile) {
        QImageReader reader(view.path);
        reader.setDecideFormatFromContent(true);
        const QSize full = reader.size();
        // Decode straight to the bubble's size: a 12-megapixel photo never sits whole in memory.
        if (full.isValid() && qint64(full.width()) * full.height() <= 64LL * 1000 * 1000) {
            reader.setScaledSize(full.scaled(size, Qt::KeepAspectRatioByExpanding));
            image = reader.read();
        }
    }
    if (image.isNull() && media && !media->thumbnail.isEmpty())
        image = QImage::fromData(media->thumbnail)
                    .scaled(size, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation);
    if (!image.isNull())
        m_pictures.insert(key, new QImage(image), int(image.sizeInBytes() / 1024) + 1);
    return image;
}

void MediaBubble::paint(QPainter *p, const QRectF &box, const MessageEvent &m, const MediaView &view,
    const ChatColors &colors, bool fromMe) const {
    const MediaInfo *media = mediaInfoOf(m.content);
    const QColor surface = mix(fromMe ? colors.ours : colors.theirs, colors.text, 0.07);
    const QColor muted = mix(colors.text, fromMe ? colors.ours : colors.theirs, 0.45);
    p->save();
    switch (m.content.kind) {
    case MessageKind::Image:
    case MessageKind::Video:
    case MessageKind::Sticker: {
        QPainterPath clip;
        clip.addRoundedRect(box, 6, 6);
        p->setClipPath(clip);
        const QImage image = picture(m, view, box.size().toSize());
        if (image.isNull()) {
            p->fillRect(box, surface);
        } else {
            const QRectF source((image.width() - box.width()) / 2, (image.height() - box.height()) / 2,
                box.width(), box.height());
            p->drawImage(box, image, source);
        }
        p->setClipping(false);
        if (m.content.kind == MessageKind::Video) {
            drawPlay(p, box.center(), 22, QColor(0, 0, 0, 130), Qt::white, false);
            if (media && media->seconds) {
                p->setFont(smaller(p->font(), 0.8));
                p->setPen(Qt::white);
                p->drawText(box.adjusted(8, 0, -8, -6), Qt::AlignLeft | Qt::AlignBottom,
                    durationText(media->seconds));
            }
        }
        if (m.content.viewOnce) {
            // Opened once, then gone on the phone: said on the picture, as the apps say it.
            p->setFont(smaller(p->font(), 0.8));
            const QString label = QObject::tr("View once");
            const QRectF pill(
                box.left() + 8, box.top() + 8, p->fontMetrics().horizontalAdvance(label) + 16, 20);
            p->setPen(Qt::NoPen);
            p->setBrush(QColor(0, 0, 0, 140));
            p->drawRoundedRect(pill, 10, 10);
            p->setPen(Qt::white);
            p->drawText(pill, Qt::AlignCenter, label);
        }
        const bool coming = view.path.isEmpty()
            && (view.state == QLatin1String("downloading") || view.state == QLatin1String("queued")
                || view.state == QLatin1String("retrying") || view.state == QLatin1String("failed"));
        if (coming || view.state == QLatin1String("uploading"))
            drawProgress(p, box, view.progress, view.state);
        break;
    }
    case MessageKind::Audio: {
        const qreal radius = 17;
        const QPointF center(box.left() + radius + 2, box.center().y());
        const bool voice = media && media->voiceNote;
        drawPlay(p, center, radius, colors.accent, colors.accentText, view.playing);
        // The waveform (voice notes), or a plain line (audio files), coloured up to where it has played.
        const QRectF wave(center.x() + radius + 10, box.top() + 6, box.right() - center.x() - radius - 14,
            box.height() - 22);
        const QByteArray levels
            = voice && media->waveform.size() == 64 ? media->waveform : QByteArray(64, char(30));
        const qreal step = wave.width() / levels.size();
        for (int i = 0; i < levels.size(); ++i) {
            const qreal level = std::clamp(int(quint8(levels.at(i))), 5, 100) / 100.0;
            const qreal h = std::max(2.0, wave.height() * level);
            const bool played = (i + 0.5) / levels.size() <= view.played && (view.playing || view.played > 0);
            p->fillRect(
                QRectF(wave.left() + i * step, wave.center().y() - h / 2, std::max(1.5, step * 0.6), h),
                played ? colors.accent : muted);
        }
        p->setFont(smaller(p->font(), 0.8));
        p->setPen(muted);
        const quint32 seconds = media ? media->seconds : 0;
        QString under
            = durationText(view.playing || view.played > 0 ? quint32(seconds * view.played) : seconds);
        if (view.path.isEmpty() && !view.state.isEmpty() && view.state != QLatin1String("uploaded"))
            under += QStringLiteral(" · ") + view.state;
        p->drawText(QRectF(wave.left(), box.bottom() - 16, wave.width(), 14),
            Qt::AlignLeft | Qt::AlignVCenter, under);
        break;
    }
    case MessageKind::Document: {
        p->setPen(Qt::NoPen);
        p->setBrush(surface);
        p->drawRoundedRect(box, 6, 6);
        const QRectF icon(box.left() + 8, box.top() + 8, 32, box.height() - 16);
        p->setBrush(QColor(0xe5, 0x39, 0x35));
        p->drawRoundedRect(icon, 3, 3);
        p->setPen(Qt::white);
        p->setFont(smaller(p->font(), 0.65));
        p->drawText(icon, Qt::AlignCenter, media ? extensionOf(*media) : QString());
        const QRectF text = box.adjusted(48, 8, -8, -8);
        p->setPen(colors.text);
        p->setFont(smaller(p->font(), 1.0 / 0.65));
        const QString name = media && !media->fileName.isEmpty() ? media->fileName : QObject::tr("Document");
        p->drawText(text, Qt::AlignLeft | Qt::AlignTop,
            p->fontMetrics().elidedText(name, Qt::ElideMiddle, int(text.width())));
        p->setFont(smaller(p->font(), 0.8));
        p->setPen(muted);
        QString details = media ? sizeText(media->fileLength) : QString();
        if (media && media->pageCount)
            details += QObject::tr(" · %n page(s)", nullptr, int(media->pageCount));
        details
            += view.path.isEmpty() ? QObject::tr(" · click to download") : QObject::tr(" · click to open");
        if (view.path.isEmpty() && !view.state.isEmpty())
            details = (media ? sizeText(media->fileLength) : QString()) + QStringLiteral(" · ") + view.state;
        p->drawText(text, Qt::AlignLeft | Qt::AlignBottom, details);
        break;
    }
    case MessageKind::Location: {
        const auto &place = std::get<LocationPayload>(m.content.payload);
        // No map tiles are fetched (nothing leaves the computer unasked): a calm grid with a pin, and the
        // map opens in the browser on a click.
        p->setPen(Qt::NoPen);
        p->setBrush(mix(surface, QColor(0x9c, 0xcc, 0x65), 0.35));
        p->drawRoundedRect(box.adjusted(0, 0, 0, -34), 6, 6);
        p->setPen(QPen(mix(surface, Qt::white, 0.5), 1));
        for (qreal x = box.left() + 18; x < box.right(); x += 36)
            p->drawLine(QPointF(x, box.top()), QPointF(x, box.bottom() - 34));
        for (qreal y = box.top() + 18; y < box.bottom() - 34; y += 28)
            p->drawLine(QPointF(box.left(), y), QPointF(box.right(), y));
        const QPointF pin(box.center().x(), box.top() + (box.height() - 34) / 2 + 6);
        p->setPen(Qt::NoPen);
        p->setBrush(QColor(0xe5, 0x39, 0x35));
        p->drawEllipse(pin - QPointF(0, 12), 9, 9);
        QPainterPath tail;
        tail.moveTo(pin + QPointF(-7, -8));
        tail.lineTo(pin);
        tail.lineTo(pin + QPointF(7, -8));
        p->drawPath(tail);
        p->setBrush(Qt::white);
        p->drawEllipse(pin - QPointF(0, 12), 3.5, 3.5);
        const QRectF text(box.left() + 2, box.bottom() - 32, box.width() - 4, 32);
        p->setPen(colors.text);
        QString title = place.name.isEmpty()
            ? QStringLiteral("%1, %2").arg(place.latitude, 0, 'f', 5).arg(place.longitude, 0, 'f', 5)
            : place.name;
        if (place.live) // where the person was when they started sharing; the phone shows it moving
            title = QObject::tr("Live location · %1").arg(title);
        p->drawText(text, Qt::AlignLeft | Qt::AlignTop,
            p->fontMetrics().elidedText(title, Qt::ElideRight, int(text.width())));
        p->setFont(smaller(p->font(), 0.8));
        p->setPen(muted);
        const QString under = place.address.isEmpty() ? QObject::tr("Open in the map") : place.address;
        p->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
            p->fontMetrics().elidedText(under, Qt::ElideRight, int(text.width())));
        break;
    }
    case MessageKind::Contact: {
        const auto &card = std::get<ContactCardPayload>(m.content.payload);
        const vcard::Card read = vcard::read(card.vcard);
        const QString name = card.displayName.isEmpty() ? read.name : card.displayName;
        const QRectF avatar(box.left() + 6, box.top() + 9, 40, 40);
        p->setPen(Qt::NoPen);
        p->setBrush(mix(colors.accent, surface, 0.3));
        p->drawEllipse(avatar);
        p->setPen(Qt::white);
        p->drawText(avatar, Qt::AlignCenter, name.left(1).toUpper());
        const QRectF text = box.adjusted(56, 8, -4, -8);
        p->setPen(colors.text);
        p->drawText(text, Qt::AlignLeft | Qt::AlignTop,
            p->fontMetrics().elidedText(name, Qt::ElideRight, int(text.width())));
        p->setFont(smaller(p->font(), 0.8));
        const bool onWhatsApp = std::any_of(read.numbers.begin(), read.numbers.end(),
            [](const vcard::Number &n) { return !n.waid.isEmpty(); });
        p->setPen(onWhatsApp ? colors.accent : muted);
        QString number = read.numbers.isEmpty() ? QString() : read.numbers.first().display;
        if (!read.numbers.isEmpty() && !read.numbers.first().waid.isEmpty())
            number = displayNumber(read.numbers.first().waid + QStringLiteral("@s.whatsapp.net"));
        p->drawText(text, Qt::AlignLeft | Qt::AlignBottom,
            onWhatsApp ? QObject::tr("%1 · Message").arg(number) : number);
        break;
    }
    default:
        break;
    }
    p->restore();
}

} // namespace balcao::chat
