// QrCode and QrCodeWidget: what is painted decodes, with an independent decoder (zbarimg from zbar-tools),
// to exactly the text given; modules are whole device pixels with a 4-module quiet zone.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <errors.h>
#include <qr_code.h>
#include <qr_code_widget.h>

using namespace balcao;

namespace {

QString pairingVectorQr() {
    QFile file(QStringLiteral(BALCAO_VECTORS_DIR "/pairing.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject qr
        = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("qr")).toObject();
    return qr.value(QStringLiteral("qr")).toString();
}

// A 4-field pairing string of the shape the engine emits: ref,noiseKey,identityKey,advSecret.
QString syntheticPairingQr(int refLength) {
    QString ref = QStringLiteral("2@");
    for (int i = 0; i < refLength; ++i)
        ref += QLatin1Char(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 37 + 11) % 64]);
    QByteArray key(32, '\0');
    for (int i = 0; i < key.size(); ++i)
        key[i] = char(i * 29 + refLength);
    const QString b64 = QString::fromLatin1(key.toBase64());
    return ref + QLatin1Char(',') + b64 + QLatin1Char(',') + b64 + QLatin1Char(',') + b64;
}

// Decodes a PNG with zbarimg; a null QString when nothing was found.
QString decode(const QString &zbarimg, const QString &png) {
    QProcess process;
    process.start(zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), png});
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0)
        return {};
    QByteArray out = process.readAllStandardOutput();
    // zbarimg ends each symbol with one newline.
    if (out.endsWith('\n'))
        out.chop(1);
    return QString::fromUtf8(out);
}

// Crisp: no grey from antialiasing or resampling.
bool onlyBlackAndWhite(const QImage &image) {
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (p != qRgb(0, 0, 0) && p != qRgb(255, 255, 255))
                return false;
        }
    return true;
}

// Bounding box of the dark pixels.
QRect darkBounds(const QImage &image) {
    QRect bounds;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) == qRgb(0, 0, 0))
                bounds |= QRect(x, y, 1, 1);
    return bounds;
}

} // namespace

class TstQrCode : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void decodesToTheSameText_data();
    void decodesToTheSameText();
    void widgetPaintsDecodableCodeAtDevicePixelRatio_data();
    void widgetPaintsDecodableCodeAtDevicePixelRatio();
    void modulesAreWholePixelsWithQuietZone();
    void rejectsTextThatDoesNotFit_data();
    void rejectsTextThatDoesNotFit();
    void setTextReplacesTheCodeAtOnce();

private:
    QString m_zbarimg;
    QString m_vectorQr; // the engine's pairing QR string from tests/emulator/vectors/pairing.json
    QTemporaryDir m_dir;
};

void TstQrCode::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_vectorQr = pairingVectorQr();
    QVERIFY2(m_vectorQr.count(QLatin1Char(',')) == 3, "pairing.json has no 4-field qr.qr string");
    m_zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
}

void TstQrCode::decodesToTheSameText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("pixels");

    const QString vector = m_vectorQr;
    const QString longRef = syntheticPairingQr(400);
    const QString unicode = QStringLiteral("Balcão — ligação 📱 ✓ 日本語");
    for (int pixels : {300, 777}) {
        QTest::addRow("pairing vector, %d px", pixels) << vector << pixels;
        QTest::addRow("synthetic pairing, %d px", pixels) << syntheticPairingQr(44) << pixels;
        QTest::addRow("unicode, %d px", pixels) << unicode << pixels;
    }
    // 400 + 3×45 bytes need a version around 17: 85 modules, so give it room.
    QTest::addRow("long pairing, 600 px") << longRef << 600;
    QTest::addRow("long pairing, 1000 px") << longRef << 1000;
}

void TstQrCode::decodesToTheSameText() {
    QFETCH(QString, text);
    QFETCH(int, pixels);
    if (m_zbarimg.isEmpty())
        QSKIP("zbarimg is not installed (Debian: apt-get install zbar-tools; scripts/setup-deps does it)");

    QrCodeWidget widget;
    QVERIFY(widget.setText(text));
    const QImage image = widget.renderImage(pixels);
    QCOMPARE(image.size(), QSize(pixels, pixels));
    QVERIFY(onlyBlackAndWhite(image));
    const QString png
        = m_dir.filePath(QStringLiteral("code-%1.png").arg(QTest::currentDataTag()).replace(u' ', u'_'));
    QVERIFY(image.save(png));
    QCOMPARE(decode(m_zbarimg, png), text);
}

void TstQrCode::widgetPaintsDecodableCodeAtDevicePixelRatio_data() {
    QTest::addColumn<qreal>("ratio");
    QTest::addRow("ratio 1") << 1.0;
    QTest::addRow("ratio 2") << 2.0;
    QTest::addRow("ratio 1.5") << 1.5;
}

// The widget's own paintEvent, drawn into an image of the given device pixel ratio as a high-DPI screen
// would be: modules stay square whole pixels and the result decodes.
void TstQrCode::widgetPaintsDecodableCodeAtDevicePixelRatio() {
    QFETCH(qreal, ratio);
    if (m_zbarimg.isEmpty())
        QSKIP("zbarimg is not installed (Debian: apt-get install zbar-tools; scripts/setup-deps does it)");

    const QString text = m_vectorQr;
    QrCodeWidget widget;
    QVERIFY(widget.setText(text));
    widget.resize(230, 190); // not square: the code is centred in the smaller side
    QImage image((QSizeF(widget.size()) * ratio).toSize(), QImage::Format_RGB32);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::white);
    widget.render(&image);

    const QrCode code = *QrCode::encode(text);
    const int side = int(190 * ratio);
    const int module = side / (code.size() + 2 * QrCode::kQuietZone);
    const QRect dark = darkBounds(image);
    QCOMPARE(dark.width(), module * code.size());
    QCOMPARE(dark.height(), module * code.size());
    // The symbol and its quiet zone are pure black and white; outside it the widget shows its palette.
    const int quiet = module * QrCode::kQuietZone;
    const QRect symbol = dark.adjusted(-quiet, -quiet, quiet, quiet);
    QVERIFY(image.rect().contains(symbol));
    QVERIFY(onlyBlackAndWhite(image.copy(symbol)));
    // Centred to within a device pixel, both ways.
    QVERIFY(qAbs(dark.center().x() - image.width() / 2) <= 1 + module);
    QVERIFY(qAbs(dark.center().y() - image.height() / 2) <= 1 + module);

    image.setDevicePixelRatio(1.0);
    const QString png = m_dir.filePath(QStringLiteral("widget-%1.png").arg(ratio));
    QVERIFY(image.save(png));
    QCOMPARE(decode(m_zbarimg, png), text);
}

void TstQrCode::modulesAreWholePixelsWithQuietZone() {
    const QString text = m_vectorQr;
    const auto code = QrCode::encode(text);
    QVERIFY(code);
    QrCodeWidget widget;
    QVERIFY(widget.setText(text));
    const int modules = code->size() + 2 * QrCode::kQuietZone;
    for (int pixels : {modules, modules * 3 + 2, 401}) {
        const QImage image = widget.renderImage(pixels);
        const int module = pixels / modules;
        const int margin = (pixels - module * modules) / 2;
        const QRect dark = darkBounds(image);
        // Finder patterns sit in three corners, so the dark area starts right after the quiet zone.
        QCOMPARE(dark.topLeft(), QPoint(margin + module * 4, margin + module * 4));
        QCOMPARE(dark.size(), QSize(module * code->size(), module * code->size()));
        for (int y = 0; y < code->size(); ++y)
            for (int x = 0; x < code->size(); ++x) {
                const QRgb want = code->isDark(x, y) ? qRgb(0, 0, 0) : qRgb(255, 255, 255);
                const QPoint corner = dark.topLeft() + QPoint(x * module, y * module);
                QCOMPARE(image.pixel(corner), want);
                QCOMPARE(image.pixel(corner + QPoint(module - 1, module - 1)), want);
            }
    }
    QVERIFY(widget.renderImage(modules - 1).pixel(0, 0) == qRgb(255, 255, 255));
}

void TstQrCode::rejectsTextThatDoesNotFit_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    // Version 40 at level M holds 2331 bytes in 8-bit mode.
    QTest::addRow("2332 bytes") << QString(2332, u'x') << QStringLiteral("qr-too-long");
    QTest::addRow("1200 two-byte characters") << QString(1200, u'ã') << QStringLiteral("qr-too-long");
    QTest::addRow("empty") << QString() << QString::fromLatin1(errc::kInvalidArgument);
}

void TstQrCode::rejectsTextThatDoesNotFit() {
    QFETCH(QString, text);
    QFETCH(QString, code);
    const auto encoded = QrCode::encode(text);
    QVERIFY(!encoded);
    QCOMPARE(encoded.error().code, code);
    QVERIFY(!encoded.error().message.isEmpty());

    QVERIFY(QrCode::encode(QString(2331, u'x')));
}

void TstQrCode::setTextReplacesTheCodeAtOnce() {
    QrCodeWidget widget;
    QVERIFY(widget.renderImage(200).isNull());
    QVERIFY(widget.setText(QStringLiteral("2@first,a,b,c")));
    const QImage first = widget.renderImage(200);
    QVERIFY(widget.setText(QStringLiteral("2@second,a,b,c")));
    QCOMPARE(widget.text(), QStringLiteral("2@second,a,b,c"));
    QVERIFY(widget.renderImage(200) != first);
    // A ref that cannot be shown must not leave the old one on screen.
    const auto failed = widget.setText(QString(3000, u'x'));
    QVERIFY(!failed);
    QCOMPARE(failed.error().code, QStringLiteral("qr-too-long"));
    QVERIFY(!widget.hasCode());
    QVERIFY(widget.renderImage(200).isNull());
}

QTEST_MAIN(TstQrCode)
#include "tst_qr_code.moc"
