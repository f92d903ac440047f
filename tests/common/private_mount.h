#pragma once

// A small tmpfs visible only to this test process and its children, for honest disk faults: a disk that
// fills up (ENOSPC) and a folder on a read-only mount. It needs root with CAP_SYS_ADMIN (the test moves
// into a mount namespace of its own, so nothing outside it ever sees the mount, and it vanishes with the
// process); elsewhere available() is false with the reason, and tests fall back or skip.
#include <QDir>
#include <QString>
#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

namespace balcao::testing {

class PrivateMount {
public:
    // Mounts a tmpfs of `bytes` at `dir` (created if needed).
    PrivateMount(const QString &dir, qint64 bytes)
        : m_dir(dir) {
        if (!enterPrivateNamespace(m_reason))
            return;
        QDir().mkpath(dir);
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0755";
        if (::mount("balcao-test", qPrintable(dir), "tmpfs", 0, options.constData()) != 0) {
            m_reason = QStringLiteral("mount tmpfs: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_mounted = true;
    }
    ~PrivateMount() {
        if (m_mounted)
            ::umount2(qPrintable(m_dir), MNT_DETACH);
    }
    PrivateMount(const PrivateMount &) = delete;
    PrivateMount &operator=(const PrivateMount &) = delete;

    bool available() const { return m_mounted; }
    QString reason() const { return m_reason; }

    // Remounts read-only (every file on it must be closed for writing first).
    bool makeReadOnly() {
        return m_mounted
            && ::mount(nullptr, qPrintable(m_dir), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }

private:
    static bool enterPrivateNamespace(QString &reason) {
        static bool entered = false;
        static QString why;
        if (entered || !why.isEmpty()) {
            reason = why;
            return entered;
        }
        if (::geteuid() != 0) {
            why = QStringLiteral("not root");
        } else if (::unshare(CLONE_NEWNS) != 0) {
            why = QStringLiteral("unshare(CLONE_NEWNS): %1")
                      .arg(QString::fromLocal8Bit(std::strerror(errno)));
        } else if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            // Without this, mounts would propagate back to the machine's namespace.
            why = QStringLiteral("make / private: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        } else {
            entered = true;
        }
        reason = why;
        return entered;
    }

    QString m_dir;
    QString m_reason;
    bool m_mounted = false;
};

} // namespace balcao::testing
