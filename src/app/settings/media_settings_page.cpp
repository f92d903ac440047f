#include "media_settings_page.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QThreadPool>
#include <QVBoxLayout>
#include <media/media_folder.h>

namespace balcao {

namespace {

struct Kind {
    const char *key;
    qint64 AutoDownload::*limit;
    qint64 size; // the limit when it is on
};

// WhatsApp's own limits for what comes down by itself.
const Kind kKinds[] = {
    {"media/autoDownload/images", &AutoDownload::imageMaxBytes, 16 * AutoDownload::kMiB},
    {"media/autoDownload/audio", &AutoDownload::audioMaxBytes, 16 * AutoDownload::kMiB},
    {"media/autoDownload/stickers", &AutoDownload::stickerMaxBytes, 1 * AutoDownload::kMiB},
    {"media/autoDownload/videos", &AutoDownload::videoMaxBytes, 16 * AutoDownload::kMiB},
    {"media/autoDownload/documents", &AutoDownload::documentMaxBytes, 16 * AutoDownload::kMiB},
};

} // namespace

AutoDownload savedAutoDownload() {
    AutoDownload rules;
    QSettings settings;
    for (const Kind &kind : kKinds) {
        const bool byDefault = rules.*kind.limit > 0;
        rules.*kind.limit = settings.value(QLatin1String(kind.key), byDefault).toBool() ? kind.size : 0;
    }
    return rules;
}

void saveAutoDownload(const AutoDownload &rules) {
    QSettings settings;
    for (const Kind &kind : kKinds)
        settings.setValue(QLatin1String(kind.key), rules.*kind.limit > 0);
}

MediaSettingsPage::MediaSettingsPage(QString mediaDir, QWidget *parent)
    : QWidget(parent)
    , m_mediaDir(std::move(mediaDir))
    , m_usage(new QLabel(this))
    , m_free(new QPushButton(tr("Free space…"), this)) {
    const QStringList labels {
        tr("Photos"), tr("Voice notes and audio"), tr("Stickers"), tr("Videos"), tr("Documents")};
    const AutoDownload rules = savedAutoDownload();
    auto *form = new QFormLayout(this);
    form->setContentsMargins(12, 12, 12, 12);
    auto *kinds = new QVBoxLayout;
    for (int i = 0; i < int(std::size(kKinds)); ++i) {
        auto *box = new QCheckBox(labels.at(i), this);
        box->setObjectName(QStringLiteral("autoDownload%1").arg(i));
        box->setChecked(rules.*kKinds[i].limit > 0);
        kinds->addWidget(box);
        m_kinds.append({box, kKinds[i].limit});
        connect(box, &QCheckBox::toggled, this, [this] {
            AutoDownload chosen;
            for (int k = 0; k < m_kinds.size(); ++k)
                chosen.*m_kinds.at(k).second = m_kinds.at(k).first->isChecked() ? kKinds[k].size : 0;
            saveAutoDownload(chosen);
        });
    }
    auto *note
        = new QLabel(tr("Other files come down when you open them. Numbers use these choices from their next "
                        "start."),
            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    kinds->addWidget(note);
    form->addRow(tr("Download automatically:"), kinds);
    auto *usage = new QHBoxLayout;
    m_usage->setObjectName(QStringLiteral("mediaUsage"));
    usage->addWidget(m_usage, 1);
    usage->addWidget(m_free);
    form->addRow(tr("On this computer:"), usage);
    connect(m_free, &QPushButton::clicked, this, &MediaSettingsPage::freeSpace);
    m_free->setEnabled(!m_mediaDir.isEmpty());
    refreshUsage();
}

QString MediaSettingsPage::usageText() const {
    return m_usage->text();
}

void MediaSettingsPage::refreshUsage() {
    if (m_mediaDir.isEmpty()) {
        m_usage->setText(tr("No media folder."));
        emit usageShown();
        return;
    }
    m_usage->setText(tr("Measuring…"));
    QPointer<MediaSettingsPage> self(this);
    QThreadPool::globalInstance()->start([self, dir = m_mediaDir] {
        const qint64 bytes = MediaFolder(dir).bytesUsed();
        QMetaObject::invokeMethod(
            self.data(),
            [self, bytes] {
                if (!self)
                    return;
                self->m_usage->setText(
                    tr("Media files take %1.")
                        .arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat)));
                emit self->usageShown();
            },
            Qt::QueuedConnection);
    });
}

void MediaSettingsPage::freeSpace() {
    const auto answer = QMessageBox::question(this, tr("Free space"),
        tr("Remove every media file from this computer? The messages stay; a file comes down again when "
           "you open it, as long as WhatsApp or your phone still has it."));
    if (answer != QMessageBox::Yes)
        return;
    const auto removed = MediaFolder(m_mediaDir).removeAll();
    if (!removed)
        QMessageBox::warning(this, tr("Free space"), removed.error().message);
    refreshUsage();
}

} // namespace balcao
