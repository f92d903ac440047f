#pragma once

#include <QWidget>
#include <media/media_downloads.h>

class QCheckBox;
class QLabel;
class QPushButton;

namespace balcao {

// Which files come down as their messages arrive (WhatsApp's defaults: photos, voice notes and stickers at
// once; videos and documents when asked), kept in QSettings for the window and the headless runner alike;
// numbers use them from their next start.
AutoDownload savedAutoDownload();
void saveAutoDownload(const AutoDownload &rules);

// Settings → Media: the auto-download choices, and the space media files take on this computer with a way to
// free it (messages stay; a file is fetched again when opened, while WhatsApp's host still has it or our
// phone can send it again).
class MediaSettingsPage : public QWidget {
    Q_OBJECT
public:
    MediaSettingsPage(QString mediaDir, QWidget *parent = nullptr);

    // Measures the folder off the GUI thread; the label follows.
    void refreshUsage();
    QString usageText() const;

signals:
    void usageShown(); // tests wait for the measure

private:
    void freeSpace();

    QString m_mediaDir;
    QList<std::pair<QCheckBox *, qint64 AutoDownload::*>> m_kinds;
    QLabel *m_usage;
    QPushButton *m_free;
};

} // namespace balcao
