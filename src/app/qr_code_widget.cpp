#include "qr_code_widget.h"

#include <QPainter>
#include <algorithm>
#include <cmath>

namespace balcao {

QrCodeWidget::QrCodeWidget(QWidget *parent)
    : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

Result<void> QrCodeWidget::setText(const QString &text) {
    Result<void> outcome;
    if (text.isEmpty()) {
        m_code.reset();
    } else if (auto encoded = QrCode::encode(text)) {
        m_code = std::move(encoded.value());
    } else {
        // Showing the previous code would let a phone scan a ref that is no longer ours.
        m_code.reset();
        outcome = encoded.error();
    }
    update();
    return outcome;
}

QString QrCodeWidget::text() const {
    return m_code ? m_code->text() : QString();
}

int QrCodeWidget::modulesWithQuietZone() const {
    return m_code ? m_code->size() + 2 * QrCode::kQuietZone : 0;
}

QSize QrCodeWidget::sizeHint() const {
    // Four logical pixels per module is comfortable on screen; version 2-5 pairing codes give ~150-200.
    const int modules = std::max(modulesWithQuietZone(), 29 + 2 * QrCode::kQuietZone);
    return QSize(modules * 4, modules * 4);
}

QSize QrCodeWidget::minimumSizeHint() const {
    const int modules = std::max(modulesWithQuietZone(), 21 + 2 * QrCode::kQuietZone);
    return QSize(modules * 2, modules * 2);
}

void QrCodeWidget::paintCode(QPainter &painter, QPoint origin, int side) const {
    const int modules = modulesWithQuietZone();
    painter.fillRect(QRect(origin, QSize(side, side)), Qt::white);
    if (!m_code || side < modules)
        return;
    // Whole device pixels per module keep edges sharp; the left-over pixels become extra white margin.
    const int module = side / modules;
    const int offset = (side - module * modules) / 2 + module * QrCode::kQuietZone;
    const QPoint start = origin + QPoint(offset, offset);
    for (int y = 0; y < m_code->size(); ++y) {
        for (int x = 0; x < m_code->size(); ++x) {
            if (m_code->isDark(x, y))
                painter.fillRect(
                    QRect(start.x() + x * module, start.y() + y * module, module, module), Qt::black);
        }
    }
}

QImage QrCodeWidget::renderImage(int pixels, qreal devicePixelRatio) const {
    if (!m_code || pixels <= 0)
        return {};
    QImage image(pixels, pixels, QImage::Format_RGB32);
    {
        QPainter painter(&image);
        paintCode(painter, QPoint(0, 0), pixels);
    }
    image.setDevicePixelRatio(devicePixelRatio);
    return image;
}

void QrCodeWidget::paintEvent(QPaintEvent *) {
    if (!m_code)
        return;
    QPainter painter(this);
    // Paint in device pixels: the painter's scale is the ratio of the device actually painted on (screen,
    // or an image given to render()), which may be fractional (1.25, 1.5). Rendering whole device pixels
    // per module into an image of that ratio and drawing it unscaled keeps modules square and sharp.
    const qreal ratio = painter.deviceTransform().m11() > 0 ? painter.deviceTransform().m11() : 1.0;
    const int side = int(std::min(width(), height()) * ratio);
    const QImage image = renderImage(side, ratio);
    if (image.isNull())
        return;
    const QPointF topLeft((width() - side / ratio) / 2, (height() - side / ratio) / 2);
    // Snap to a device pixel so the image is copied, not resampled.
    painter.drawImage(
        QPointF(std::floor(topLeft.x() * ratio) / ratio, std::floor(topLeft.y() * ratio) / ratio), image);
}

} // namespace balcao
