// Produces the README's screenshots (docs/screenshots/*.png) from the real window against the emulator's
// demo phones: run by scripts/screenshots, not by CTest. Each run drives one language and palette:
//   dashboard_screenshots --out DIR [--lang en|pt_BR] [--dark] [--prefix NAME-]
// and writes, from what the window itself paints: welcome (first start), qr-panel, pairing-code and
// dashboard (three connected numbers, a conversation open).
#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <chat/chat_controller.h>
#include <chat/chat_list_model.h>
#include <chat/chat_pane.h>
#include <chat/chat_view.h>
#include <chat/composer.h>
#include <cstdio>
#include <emulator.h>
#include <main_window.h>
#include <media_fixtures.h>
#include <qr_code_widget.h>
#include <session_client.h>
#include <transport/cert_chain_verifier.h>
#include <transport/tls_channel.h>
#include <ui/add_number_dialog.h>
#include <ui/calls_dialog.h>
#include <ui/language.h>
#include <ui/link_panel.h>
#include <ui/session_list_model.h>

using namespace balcao;
using namespace balcao::testing;

namespace {

bool waitUntil(const std::function<bool()> &condition, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QTest::qWait(50);
    }
    return true;
}

int fail(const char *what) {
    std::fprintf(stderr, "dashboard_screenshots: %s\n", what);
    return 1;
}

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x20, 0x22, 0x25), base(0x17, 0x19, 0x1b), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2c, 0x2f, 0x33));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, QColor(0x5b, 0xa8, 0xf5));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0x4f));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8d, 0x91));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

// Adds a number through the real dialog, as a user would.
bool addNumber(MainWindow &window, const QString &name, const QString &phoneForCode) {
    window.addNumber();
    AddNumberDialog *dialog = nullptr;
    if (!waitUntil(
            [&] { return (dialog = window.findChild<AddNumberDialog *>()) && dialog->isVisible(); }, 5000))
        return false;
    dialog->nameEdit()->setText(name);
    if (!phoneForCode.isEmpty()) {
        dialog->codeOption()->setChecked(true);
        dialog->phoneEdit()->setText(phoneForCode);
    }
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    if (!ok->isEnabled())
        return false;
    ok->click();
    return waitUntil([&] { return !window.findChild<AddNumberDialog *>(); }, 5000);
}

// A product photo for the media shot: a cake on a plate, drawn, so no picture file sits in the repository.
QByteArray cakePhoto(const QColor &cake = QColor(0x8d, 0x5a, 0x3b)) {
    QImage image(800, 600, QImage::Format_RGB32);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QLinearGradient wall(0, 0, 0, 600);
    wall.setColorAt(0, QColor(0xfd, 0xf0, 0xd5));
    wall.setColorAt(1, QColor(0xe9, 0xc4, 0x6a));
    p.fillRect(image.rect(), wall);
    p.setBrush(Qt::white);
    p.setPen(Qt::NoPen);
    p.drawEllipse(QRectF(150, 400, 500, 110));
    p.setBrush(cake);
    p.drawRoundedRect(QRectF(220, 220, 360, 230), 30, 30);
    p.setBrush(QColor(0xff, 0xf8, 0xf0));
    p.drawRoundedRect(QRectF(210, 200, 380, 60), 30, 30);
    p.setBrush(QColor(0xd6, 0x28, 0x28));
    for (int i = 0; i < 5; ++i)
        p.drawEllipse(QPointF(270 + i * 65, 200), 18, 18);
    p.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 88);
    return bytes;
}

bool save(QWidget *widget, const QString &path) {
    QTest::qWait(200); // let queued repaints and layout settle
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("BalcaoScreenshots"));
    QCommandLineParser parser;
    const QCommandLineOption out(
        QStringLiteral("out"), QStringLiteral("Folder for the PNGs."), QStringLiteral("dir"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("en or pt_BR."),
        QStringLiteral("locale"), QStringLiteral("en"));
    const QCommandLineOption dark(
        QStringLiteral("dark"), QStringLiteral("Fusion style with a dark palette."));
    const QCommandLineOption prefix(
        QStringLiteral("prefix"), QStringLiteral("File name prefix."), QStringLiteral("p"));
    const QCommandLineOption only(
        QStringLiteral("only-dashboard"), QStringLiteral("Skip the QR and code shots."));
    parser.addOptions({out, lang, dark, prefix, only});
    parser.addHelpOption();
    parser.process(app);
    if (!parser.isSet(out))
        return fail("--out DIR is required");
    const QDir dir(parser.value(out));
    const QString pre = parser.value(prefix);

    QTemporaryDir data;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, data.filePath(QStringLiteral("settings")));
    qputenv("BALCAO_KEY_BACKEND", "file");
    if (!Language::install(parser.value(lang)) && parser.value(lang) != QLatin1String("en"))
        return fail("no such translation");
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (parser.isSet(dark))
        QApplication::setPalette(darkPalette());

    Emulator emulator;
    if (const QString error = emulator.start({QStringLiteral("--demo")}); !error.isEmpty())
        return fail(qPrintable(error));
    const QStringList phones {
        QStringLiteral("5511900000001"), QStringLiteral("5511900000002"), QStringLiteral("5511900000003")};
    const QStringList names {
        QStringLiteral("Padaria Centro"), QStringLiteral("Padaria Savassi"), QStringLiteral("Delivery")};
    for (int i = 0; i < phones.size(); ++i)
        emulator.addPhone(phones.at(i), names.at(i));

    Session::Options options;
    options.serverUrl = emulator.ws();
    // The media host speaks https with the emulator's test CA.
    if (auto trust = TlsTrust::shared(emulator.testCaPem()))
        options.trust = *trust;
    options.verifier = *CertChainVerifier::fromHex(emulator.rootKeyHex());
    SessionClient client;
    QStringList sessions;
    QString lastQr, lastCode;
    QObject::connect(&client, &SessionClient::event, &client, [&](const Event &e) {
        if (const auto *s = std::get_if<SessionEvent>(&e); s && !s->removed && !sessions.contains(s->session))
            sessions.append(s->session);
        if (const auto *q = std::get_if<QrEvent>(&e))
            lastQr = q->qr;
        if (const auto *c = std::get_if<PairingCodeEvent>(&e))
            lastCode = c->code;
    });
    SessionManager::Settings settings;
    settings.sessionDefaults = options;
    // The emulator stands in for web.whatsapp.com too: the version is never read from the internet here.
    settings.versions = WaVersionSource::Options {};
    settings.versions->url = emulator.control().resolved(QUrl(QStringLiteral("/sw.js")));
    client.open(data.filePath(QStringLiteral("profile")), settings);
    MainWindow window(&client, {emulator.control()});
    window.resize(1180, 740);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return fail("the window was never shown");
    QTest::qWait(300);

    const auto connected = [&](int count) {
        return waitUntil(
            [&] {
                int n = 0;
                for (const QString &s : sessions) {
                    const SessionRow *row = window.sessionModel()->session(s);
                    n += row && row->status == SessionStatus::Connected;
                }
                return n >= count;
            },
            15000);
    };

    // 0. The first start: no number yet.
    if (!parser.isSet(only) && !save(&window, dir.filePath(pre + QStringLiteral("welcome.png"))))
        return 1;

    // 1. The QR panel of a new number.
    if (!addNumber(window, names.at(0), {}) || !waitUntil([&] { return !lastQr.isEmpty(); }, 15000))
        return fail("no QR");
    if (!waitUntil(
            [&] {
                return window.linkPanel(sessions.value(0))
                    && window.linkPanel(sessions.value(0))->stage() == LinkPanel::Stage::Qr;
            },
            5000))
        return fail("the QR panel did not show");
    if (!parser.isSet(only) && !save(&window, dir.filePath(pre + QStringLiteral("qr-panel.png"))))
        return 1;
    emulator.post(QStringLiteral("/phones/%1/scan").arg(phones.at(0)), {{QStringLiteral("qr"), lastQr}});
    if (!connected(1))
        return fail("the first number did not connect");

    // 2. A pairing code for the second number.
    if (!addNumber(window, names.at(1), QStringLiteral("+55 11 90000-0002"))
        || !waitUntil([&] { return !lastCode.isEmpty(); }, 15000))
        return fail("no pairing code");
    if (!parser.isSet(only) && !save(&window, dir.filePath(pre + QStringLiteral("pairing-code.png"))))
        return 1;
    emulator.post(
        QStringLiteral("/phones/%1/link-code").arg(phones.at(1)), {{QStringLiteral("code"), lastCode}});
    if (!connected(2))
        return fail("the second number did not connect");

    // 3. A third number by QR, then a conversation.
    lastQr.clear();
    if (!addNumber(window, names.at(2), {}) || !waitUntil([&] { return !lastQr.isEmpty(); }, 15000))
        return fail("no QR for the third number");
    emulator.post(QStringLiteral("/phones/%1/scan").arg(phones.at(2)), {{QStringLiteral("qr"), lastQr}});
    if (!connected(3))
        return fail("the third number did not connect");
    // The demo customers greet every number that links: nine chats.
    ChatPane *pane = window.chatPane();
    if (!waitUntil([&] { return pane->controller()->chats()->rowCount() >= 9; }, 15000))
        return fail("the demo customers' greetings did not arrive");
    window.selectSession(sessions.at(0));
    pane->openChat(sessions.at(0), QStringLiteral("5511987650001@s.whatsapp.net"));
    QTest::qWait(500);
    pane->composer()->editor()->setPlainText(parser.value(lang) == QLatin1String("pt_BR")
            ? QStringLiteral("Temos sim! Separo uma fatia para você?")
            : QStringLiteral("Temos sim! Separo uma fatia pra você?"));
    pane->composer()->submit();
    // Ana answers after 1.5 s; then her answer is read, since the chat is open.
    QTest::qWait(3500);
    pane->composer()->editor()->setFocus();
    if (!save(&window, dir.filePath(pre + QStringLiteral("dashboard.png"))))
        return 1;

    // 3b. Media (issue 17): Ana sends a photo, a voice note, a PDF, the shop's location and a contact card;
    // Balcão answers with a photo of its own. Each file is encrypted and uploaded by the emulator's phone
    // with Baileys 7's media code and comes down over https.
    {
        const QString ana = QStringLiteral("5511987650001");
        const QString to = phones.at(0);
        QTemporaryDir files;
        const bool pt = parser.value(lang) == QLatin1String("pt_BR");
        const auto send = [&](const QString &route, QJsonObject body) {
            body.insert(QStringLiteral("to"), to);
            emulator.post(QStringLiteral("/phones/%1/%2").arg(ana, route), body);
            QTest::qWait(400);
        };
        const auto base64 = [](const QByteArray &bytes) { return QString::fromLatin1(bytes.toBase64()); };
        send(QStringLiteral("media"),
            {{"kind", "image"}, {"data", base64(cakePhoto())}, {"mimetype", "image/jpeg"},
                {"caption",
                    pt ? QStringLiteral("Esse bolo ainda tem?")
                       : QStringLiteral("Is this cake still available?")}});
        const QByteArray voice = ffmpegMake(files.path(), QStringLiteral("voice.ogg"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("sine=frequency=220:duration=7"), QStringLiteral("-af"),
                QStringLiteral("volume='0.3+0.7*abs(sin(2*t))':eval=frame"), QStringLiteral("-ac"),
                QStringLiteral("1"), QStringLiteral("-c:a"), QStringLiteral("libopus")});
        send(QStringLiteral("media"),
            {{"kind", "ptt"}, {"data", base64(voice)}, {"mimetype", "audio/ogg; codecs=opus"}});
        send(QStringLiteral("media"),
            {{"kind", "document"}, {"data", base64(tinyPdf())}, {"mimetype", "application/pdf"},
                {"fileName",
                    pt ? QStringLiteral("Encomenda festa.pdf") : QStringLiteral("Party order.pdf")}});
        send(QStringLiteral("location"),
            {{"latitude", -19.9386}, {"longitude", -43.9386}, {"name", QStringLiteral("Padaria Savassi")},
                {"address", QStringLiteral("R. Pernambuco, 1000")}});
        send(QStringLiteral("contact"),
            {{"name", QStringLiteral("Bruno Confeiteiro")}, {"phone", QStringLiteral("5511987650009")}});
        const QString photo = files.filePath(QStringLiteral("vitrine.jpg"));
        QFile file(photo);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(cakePhoto(QColor(0xf4, 0xa2, 0x61)));
            file.close();
        }
        pane->controller()->sendFile(photo);
        QTest::qWait(4000);
        window.resize(1180, 1240); // tall enough for every kind at once
        QTest::qWait(300);
        pane->chatView()->scrollToBottom();
        QTest::qWait(300);
        if (!save(&window, dir.filePath(pre + QStringLiteral("media.png"))))
            return 1;
        // The other kinds: a video (its first frame), an audio file, a sticker.
        const QByteArray video = ffmpegMake(files.path(), QStringLiteral("forno.mp4"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("testsrc2=size=480x270:rate=15:duration=3"), QStringLiteral("-f"),
                QStringLiteral("lavfi"), QStringLiteral("-i"), QStringLiteral("sine=duration=3"),
                QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-pix_fmt"),
                QStringLiteral("yuv420p"), QStringLiteral("-c:a"), QStringLiteral("aac"),
                QStringLiteral("-shortest")});
        send(QStringLiteral("media"),
            {{"kind", "video"}, {"data", base64(video)}, {"mimetype", "video/mp4"},
                {"caption",
                    pt ? QStringLiteral("O forno hoje cedo") : QStringLiteral("The oven this morning")}});
        const QByteArray song = ffmpegMake(files.path(), QStringLiteral("jingle.mp3"),
            {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                QStringLiteral("sine=frequency=523:duration=4"), QStringLiteral("-c:a"),
                QStringLiteral("libmp3lame")});
        send(
            QStringLiteral("media"), {{"kind", "audio"}, {"data", base64(song)}, {"mimetype", "audio/mpeg"}});
        QImage heart(512, 512, QImage::Format_ARGB32);
        heart.fill(Qt::transparent);
        {
            QPainter p(&heart);
            p.setRenderHint(QPainter::Antialiasing);
            p.setBrush(QColor(0xe5, 0x39, 0x35));
            p.setPen(Qt::NoPen);
            p.drawEllipse(QRectF(86, 110, 180, 180));
            p.drawEllipse(QRectF(246, 110, 180, 180));
            QPolygonF tip({QPointF(96, 240), QPointF(416, 240), QPointF(256, 430)});
            p.drawPolygon(tip);
        }
        QByteArray sticker;
        {
            QBuffer buffer(&sticker);
            buffer.open(QIODevice::WriteOnly);
            heart.save(&buffer, "WEBP");
        }
        send(QStringLiteral("media"),
            {{"kind", "sticker"}, {"data", base64(sticker)}, {"mimetype", "image/webp"}});
        QTest::qWait(3000);
        pane->chatView()->scrollToBottom();
        QTest::qWait(300);
        if (!save(&window, dir.filePath(pre + QStringLiteral("media-more.png"))))
            return 1;
        window.resize(1180, 740);
        QTest::qWait(200);
    }
    if (parser.isSet(only))
        return 0;

    // 4. A number logged out: its panel offers to link it again.
    client.execute(LogoutCommand {sessions.at(2)});
    if (!waitUntil(
            [&] {
                return window.sessionModel()->session(sessions.at(2))->status == SessionStatus::LoggedOut;
            },
            10000))
        return fail("the third number did not log out");
    window.selectSession(sessions.at(2));
    if (!save(&window, dir.filePath(pre + QStringLiteral("logged-out.png"))))
        return 1;

    // 5. The server retires the version Balcão announces: the number stops with a banner saying what to do.
    emulator.put(
        QStringLiteral("/version-floor"), {{QStringLiteral("min"), QStringLiteral("2.3000.1099999999")}});
    const QString jid = window.sessionModel()->session(sessions.at(0))->jid;
    emulator.post(QStringLiteral("/devices/%1/disconnect").arg(jid),
        {{QStringLiteral("code"), QStringLiteral("close")}});
    if (!waitUntil(
            [&] { return window.sessionModel()->session(sessions.at(0))->status == SessionStatus::Stopped; },
            15000))
        return fail("the first number was not stopped as outdated");
    window.selectSession(sessions.at(0));
    QTest::qWait(300);
    if (!save(&window, dir.filePath(pre + QStringLiteral("client-outdated.png"))))
        return 1;

    // 6. The sidebar's "Calls…" dialog: this number rejects calls and answers with a text.
    CallsDialog calls(names.at(1),
        {true,
            parser.value(lang) == QLatin1String("pt_BR")
                ? QStringLiteral("Não atendemos ligações por aqui: mande sua mensagem que respondemos já!")
                : QStringLiteral("We don't take calls here: send us a message and we'll answer right away!")},
        &window);
    calls.show();
    if (!QTest::qWaitForWindowExposed(&calls))
        return fail("the calls dialog was never shown");
    QTest::qWait(200);
    return save(&calls, dir.filePath(pre + QStringLiteral("calls-dialog.png"))) ? 0 : 1;
}
