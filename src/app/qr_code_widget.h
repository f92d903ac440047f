#pragma once

#include "qr_code.h"

#include <QImage>
#include <QWidget>
#include <optional>

namespace balcao {

// Shows one QR code (the pairing QR of the dashboard's live panel). Modules are drawn in whole device
// pixels, black on white whatever the palette (phones scan dark on light), centred, with a 4-module quiet
// zone, so the code stays sharp at any size and device pixel ratio. Lives in the GUI thread.
class QrCodeWidget : public QWidget {
    Q_OBJECT

public:
    explicit QrCodeWidget(QWidget *parent = nullptr);

    // Replaces the code at once. Returns the encoding error, and then shows nothing, for text that does not
    // fit; empty text clears the widget.
    Result<void> setText(const QString &text);
    QString text() const;
    bool hasCode() const { return m_code.has_value(); }

    // The current code (quiet zone included) as a square, opaque image of `pixels` device pixels with the
    // given device pixel ratio; a null image when there is no code. For tests and for saving.
    QImage renderImage(int pixels, qreal devicePixelRatio = 1.0) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    // Draws the code centred in a `side`×`side` square of device pixels at `origin` (device pixels).
    void paintCode(QPainter &painter, QPoint origin, int side) const;
    int modulesWithQuietZone() const;

    std::optional<QrCode> m_code;
};

} // namespace balcao
