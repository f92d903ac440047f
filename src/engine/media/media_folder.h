#pragma once

#include "errors.h"

#include <QByteArray>
#include <QString>
#include <optional>

// Where a profile keeps media files: one folder, shared by its numbers, each finished file named by the
// SHA-256 of its content (so a photo forwarded to three chats is stored once, and a file is known good by
// its name), and the encrypted bytes of unfinished downloads kept apart so they can resume. Files are
// written under a temporary name and renamed into place only once checked, so a crash never leaves a
// broken file under a good name. Safe to use from several threads: every step is one file-system call.
namespace balcao {

class MediaFolder {
public:
    explicit MediaFolder(QString root);

    const QString &root() const { return m_root; }
    // The finished file with this content hash, when it is here.
    std::optional<QString> find(const QByteArray &sha256) const;
    // Where the file with this content hash lives (whether or not it is there yet).
    QString pathOf(const QByteArray &sha256) const;
    // Where the encrypted bytes of a download in progress are kept, by the file's encrypted hash.
    QString partialPathOf(const QByteArray &encSha256) const;
    // A new, empty temporary file's path in the folder (created, so the name is ours).
    Result<QString> newTemporaryFile() const;
    // Moves a checked temporary file into place under its content hash (an existing copy wins).
    Result<QString> adopt(const QString &temporaryPath, const QByteArray &sha256) const;
    // The bytes the finished files take, and removing them all (downloads in progress are left alone).
    qint64 bytesUsed() const;
    Result<qint64> removeAll() const;

private:
    Result<void> ensure(const QString &dir) const;
    QString m_root;
};

} // namespace balcao
