#include "media_folder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

namespace balcao {

namespace {
const QString kFiles = QStringLiteral("files");
const QString kPartial = QStringLiteral("partial");
const QString kTemporary = QStringLiteral("tmp");

Error folderError(const QString &what, const QString &path) {
    return makeError(
        errc::kStorageFailed, QStringLiteral("Cannot %1 %2.").arg(what, QDir::toNativeSeparators(path)));
}
} // namespace

MediaFolder::MediaFolder(QString root)
    : m_root(std::move(root)) { }

Result<void> MediaFolder::ensure(const QString &dir) const {
    if (QDir().mkpath(dir))
        return {};
    return folderError(QStringLiteral("create the media folder"), dir);
}

QString MediaFolder::pathOf(const QByteArray &sha256) const {
    const QString hex = QString::fromLatin1(sha256.toHex());
    // Two levels of 256 folders keep any one folder small for the file manager.
    return QStringLiteral("%1/%2/%3/%4").arg(m_root, kFiles, hex.left(2), hex);
}

std::optional<QString> MediaFolder::find(const QByteArray &sha256) const {
    if (sha256.size() != 32)
        return std::nullopt;
    const QString path = pathOf(sha256);
    if (QFileInfo::exists(path))
        return path;
    return std::nullopt;
}

QString MediaFolder::partialPathOf(const QByteArray &encSha256) const {
    return QStringLiteral("%1/%2/%3.enc").arg(m_root, kPartial, QString::fromLatin1(encSha256.toHex()));
}

Result<QString> MediaFolder::newTemporaryFile() const {
    const QString dir = m_root + u'/' + kTemporary;
    if (auto made = ensure(dir); !made)
        return made.error();
    QTemporaryFile file(dir + QStringLiteral("/XXXXXXXX.part"));
    file.setAutoRemove(false);
    if (!file.open())
        return folderError(QStringLiteral("create a file in"), dir);
    return file.fileName();
}

Result<QString> MediaFolder::adopt(const QString &temporaryPath, const QByteArray &sha256) const {
    const QString target = pathOf(sha256);
    if (auto made = ensure(QFileInfo(target).absolutePath()); !made)
        return made.error();
    if (QFileInfo::exists(target)) { // the same content is already here
        QFile::remove(temporaryPath);
        return target;
    }
    if (!QFile::rename(temporaryPath, target)) {
        if (QFileInfo::exists(target)) { // another thread got there first
            QFile::remove(temporaryPath);
            return target;
        }
        return folderError(QStringLiteral("move a downloaded file into"), target);
    }
    return target;
}

qint64 MediaFolder::bytesUsed() const {
    qint64 total = 0;
    QDirIterator it(m_root + u'/' + kFiles, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

Result<qint64> MediaFolder::removeAll() const {
    const qint64 before = bytesUsed();
    QDir files(m_root + u'/' + kFiles);
    if (files.exists() && !files.removeRecursively())
        return folderError(QStringLiteral("remove every file in"), files.path());
    return before;
}

} // namespace balcao
