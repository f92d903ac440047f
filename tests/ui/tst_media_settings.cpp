// Settings → Media (issue 17): the auto-download choices are kept (WhatsApp's defaults until changed) and
// reach the rules numbers use; the space media files take is shown.
#include <QCheckBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <media/media_folder.h>
#include <settings/media_settings_page.h>

using namespace balcao;

class TestMediaSettings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("BalcaoMediaSettingsTest"));
    }

    void choicesAreKeptAndBecomeTheRules() {
        const AutoDownload defaults = savedAutoDownload();
        QVERIFY(defaults.imageMaxBytes > 0 && defaults.audioMaxBytes > 0 && defaults.stickerMaxBytes > 0);
        QCOMPARE(defaults.videoMaxBytes, 0);
        QCOMPARE(defaults.documentMaxBytes, 0);
        QTemporaryDir media;
        MediaSettingsPage page(media.path());
        auto *photos = page.findChild<QCheckBox *>(QStringLiteral("autoDownload0"));
        auto *documents = page.findChild<QCheckBox *>(QStringLiteral("autoDownload4"));
        QVERIFY(photos && documents);
        QVERIFY(photos->isChecked());
        QVERIFY(!documents->isChecked());
        photos->setChecked(false);
        documents->setChecked(true);
        const AutoDownload chosen = savedAutoDownload();
        QCOMPARE(chosen.imageMaxBytes, 0);
        QVERIFY(chosen.documentMaxBytes > 0);
        QVERIFY(chosen.audioMaxBytes > 0); // untouched
    }

    void showsTheSpaceFilesTake() {
        QTemporaryDir dir;
        const MediaFolder folder(dir.path());
        auto temporary = folder.newTemporaryFile();
        QFile file(*temporary);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(250000, 'x'));
        file.close();
        QVERIFY(folder.adopt(*temporary, QByteArray(32, 'h')));
        MediaSettingsPage page(dir.path());
        QSignalSpy shown(&page, &MediaSettingsPage::usageShown);
        QVERIFY(shown.wait(5000));
        QVERIFY2(page.usageText().contains(QStringLiteral("250")), qPrintable(page.usageText()));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestMediaSettings)
#include "tst_media_settings.moc"
