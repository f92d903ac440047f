// Media in the chat pane (issue 17): files, places and cards are drawn (not placeholders) with their caption
// as text; clicking one fetches a file that is not here yet, opens one that is, plays a voice note, opens a
// place on the map, and opens a chat with a contact; files chosen in the composer are sent as files; the
// download's progress and arrival reach the bubble.
#include "../common/media_fixtures.h"

#include <QMimeData>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QTemporaryDir>
#include <QTest>
#include <attach_controls.h>
#include <chat_controller.h>
#include <composer.h>
#include <media/media_folder.h>
#include <message_delegate.h>
#include <message_list_model.h>
#include <voice/voice_player.h>

using namespace balcao;
using namespace balcao::chat;

namespace {

const QString kChat = QStringLiteral("5511900000002@s.whatsapp.net");

MessageEvent withContent(
    const QString &id, MessageKind kind, ContentPayload payload, const QString &caption = {}) {
    MessageEvent m;
    m.session = QStringLiteral("s1");
    m.chat = kChat;
    m.id = id;
    m.from = kChat;
    m.timestamp = 1'790'000'000;
    m.type = messageKindName(kind);
    m.text = QStringLiteral("[%1] %2").arg(m.type, caption).trimmed();
    m.content.kind = kind;
    m.content.text = caption;
    m.content.payload = std::move(payload);
    return m;
}

MediaPayload file(const QByteArray &sha, quint32 width = 0, quint32 height = 0) {
    MediaInfo media;
    media.fileSha256 = sha;
    media.fileLength = 1234;
    media.mimetype = QStringLiteral("image/jpeg");
    media.directPath = QStringLiteral("/v/x");
    media.width = width;
    media.height = height;
    return MediaPayload {media};
}

// Plays nothing, at once: enough for the controller's play/pause decisions.
class SilentOutput : public voice::AudioOutput {
public:
    using AudioOutput::AudioOutput;
    void play(QIODevice *, const QAudioFormat &) override { }
    void pause() override { }
    void resume() override { }
    void stop() override { }
    qint64 playedMicroseconds() const override { return 0; }
};

} // namespace

class TestChatMedia : public QObject {
    Q_OBJECT
private slots:
    void filesAreDrawnWithTheirCaption() {
        MessageListModel model;
        model.reset("s1", kChat);
        model.append(
            withContent("photo", MessageKind::Image, file(QByteArray(32, 'a'), 800, 600), "Vitrine"));
        model.append(withContent(
            "place", MessageKind::Location, LocationPayload {-23.5, -46.6, "Loja", "Av. Paulista"}));
        QVERIFY(!model.index(0).data(MessageListModel::IsPlaceholderRole).toBool());
        QCOMPARE(model.index(0).data(MessageListModel::TextRole).toString(), QStringLiteral("Vitrine"));
        QCOMPARE(model.index(1).data(MessageListModel::TextRole).toString(), QString());

        MessageDelegate delegate;
        QStyleOptionViewItem option;
        option.rect = QRect(0, 0, 600, 400);
        delegate.setWidth(600);
        const QRect photo = delegate.mediaRect(option, model.index(0));
        QVERIFY(!photo.isEmpty());
        QCOMPARE(photo.width(), 260); // the picture's width, its height by its aspect
        QCOMPARE(photo.height(), 195);
        QVERIFY(delegate.sizeHint(option, model.index(0)).height() > photo.height());
        QVERIFY(!delegate.mediaRect(option, model.index(1)).isEmpty());
        // Painting every kind does not fail, with or without a file.
        QImage canvas(600, 400, QImage::Format_ARGB32);
        QPainter painter(&canvas);
        delegate.paint(&painter, option, model.index(0));
        delegate.paint(&painter, option, model.index(1));
    }

    void clickingAFileFetchesOpensOrPlaysIt() {
        QTemporaryDir dir;
        const MediaFolder folder(dir.path());
        // A voice note that is here (kept under its hash), and a document that is not.
        const QList<testing::MediaFixture> fixtures = testing::mediaFixtures(dir.path());
        QByteArray voice;
        for (const auto &f : fixtures)
            if (f.kind == QLatin1String("ptt"))
                voice = f.data;
        QVERIFY(!voice.isEmpty());
        const QByteArray sha = QCryptographicHash::hash(voice, QCryptographicHash::Sha256);
        auto temporary = folder.newTemporaryFile();
        QFile out(*temporary);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(voice);
        out.close();
        QVERIFY(folder.adopt(*temporary, sha));

        ChatController controller(nullptr);
        QList<Command> sent;
        controller.setCommandSink([&](const Command &c, const QString &) { sent.append(c); });
        controller.setMediaFolder(dir.path());
        SilentOutput output;
        voice::VoicePlayer player(&output);
        controller.setVoicePlayer(&player);
        QSignalSpy opened(&controller, &ChatController::openUrlWanted);
        controller.openChat("s1", kChat);
        MediaPayload note = file(sha);
        note.media.mimetype = QStringLiteral("audio/ogg; codecs=opus");
        note.media.voiceNote = true;
        controller.handleEvent(withContent("voice", MessageKind::Audio, note));
        controller.handleEvent(withContent("doc", MessageKind::Document, file(QByteArray(32, 'd'))));
        controller.handleEvent(
            withContent("place", MessageKind::Location, LocationPayload {-23.5613, -46.6565, "Loja", {}}));
        controller.handleEvent(withContent("card", MessageKind::Contact,
            ContactCardPayload {
                "Ana", "BEGIN:VCARD\nFN:Ana\nTEL;waid=5511940000009:+55 11 94000-0009\nEND:VCARD"}));
        MessageListModel *model = controller.messages();
        QCOMPARE(model->rowCount(), 4);

        // The voice note is here: a click plays it, another pauses it.
        controller.openMedia(model->rowOf("voice"));
        QCOMPARE(player.current(), QStringLiteral("voice"));
        QVERIFY(player.isPlaying());
        QVERIFY(model->mediaView(model->rowOf("voice")).playing);
        controller.openMedia(model->rowOf("voice"));
        QVERIFY(!player.isPlaying());

        // The document is not here: a click asks for it, and its progress and arrival reach the bubble.
        sent.clear();
        controller.openMedia(model->rowOf("doc"));
        QCOMPARE(sent.size(), 1);
        const auto *media = std::get_if<MediaCommand>(&sent.first());
        QVERIFY(media);
        QCOMPARE(media->id, QStringLiteral("doc"));
        QVERIFY(media->download);
        controller.handleEvent(MediaEvent {"s1", kChat, "doc", "downloading", {}, 500, 1000});
        QCOMPARE(model->mediaView(model->rowOf("doc")).progress, 0.5);
        controller.handleEvent(MediaEvent {"s1", kChat, "doc", "downloaded", dir.filePath("doc.pdf")});
        QCOMPARE(model->mediaView(model->rowOf("doc")).path, dir.filePath("doc.pdf"));
        // Here now: a click opens it with the system's application.
        controller.openMedia(model->rowOf("doc"));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.last().at(0).toUrl(), QUrl::fromLocalFile(dir.filePath("doc.pdf")));

        // A place opens on the map; a card opens a chat with the contact.
        controller.openMedia(model->rowOf("place"));
        QVERIFY(opened.last().at(0).toUrl().toString().contains(QStringLiteral("-23.561300")));
        QSignalSpy chatOpened(&controller, &ChatController::chatOpened);
        controller.openMedia(model->rowOf("card"));
        QCOMPARE(chatOpened.size(), 1);
        QCOMPARE(chatOpened.first().at(1).toString(), QStringLiteral("5511940000009@s.whatsapp.net"));
    }

    void chosenFilesAreSentAsFiles() {
        ChatController controller(nullptr);
        QList<Command> sent;
        controller.setCommandSink([&](const Command &c, const QString &) { sent.append(c); });
        controller.openChat("s1", kChat);
        sent.clear();
        Composer composer;
        QObject::connect(&composer, &Composer::fileChosen, &controller, &ChatController::sendFile);
        // A picture pasted (no file behind it) and a file dropped.
        QMimeData picture;
        QImage image(20, 10, QImage::Format_RGB32);
        image.fill(Qt::red);
        picture.setImageData(image);
        QVERIFY(composer.attachments()->take(&picture));
        QTemporaryDir dir;
        const QString path = dir.filePath("nota.pdf");
        QFile pdf(path);
        QVERIFY(pdf.open(QIODevice::WriteOnly));
        pdf.write(testing::tinyPdf());
        pdf.close();
        QMimeData dropped;
        dropped.setUrls({QUrl::fromLocalFile(path)});
        QVERIFY(composer.attachments()->take(&dropped));
        QMimeData text;
        text.setText("just text");
        QVERIFY(!composer.attachments()->take(&text));
        QCOMPARE(sent.size(), 2);
        const auto *pasted = std::get_if<SendFileCommand>(&sent.at(0));
        QVERIFY(pasted);
        QCOMPARE(pasted->to, kChat);
        QVERIFY(pasted->removeAfter); // a temporary copy, gone once sent
        QVERIFY(!QImage(pasted->path).isNull());
        QFile::remove(pasted->path);
        const auto *file = std::get_if<SendFileCommand>(&sent.at(1));
        QVERIFY(file);
        QCOMPARE(file->path, path);
        QVERIFY(!file->removeAfter); // the user's own file is never deleted
    }
};

QTEST_MAIN(TestChatMedia)
#include "tst_chat_media.moc"
