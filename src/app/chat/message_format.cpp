#include "message_format.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace balcao::chat {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("balcao::chat", text);
}

} // namespace

QString displayNumber(const QString &jid) {
    const qsizetype at = jid.indexOf(QLatin1Char('@'));
    if (at <= 0 || !jid.endsWith(QLatin1String("@s.whatsapp.net")))
        return jid;
    // A device suffix (":3") never belongs to a chat JID, but strip it rather than show it.
    QString user = jid.left(at);
    if (const qsizetype colon = user.indexOf(QLatin1Char(':')); colon > 0)
        user.truncate(colon);
    return QLatin1Char('+') + user;
}

QString displayName(const QString &name, const QString &jid) {
    const QString trimmed = name.trimmed();
    return trimmed.isEmpty() ? displayNumber(jid) : trimmed;
}

QString placeholderText(const QString &type) {
    if (type == QLatin1String("image"))
        return tr("Photo");
    if (type == QLatin1String("video"))
        return tr("Video");
    if (type == QLatin1String("audio") || type == QLatin1String("ptt"))
        return tr("Voice message");
    if (type == QLatin1String("document"))
        return tr("Document");
    if (type == QLatin1String("sticker"))
        return tr("Sticker");
    if (type == QLatin1String("location"))
        return tr("Location");
    if (type == QLatin1String("contact"))
        return tr("Contact card");
    if (type == QLatin1String("undecryptable"))
        return tr("Waiting for this message. This may take a while.");
    return tr("This kind of message cannot be shown here yet.");
}

bool isTextMessage(const MessageEvent &message) {
    return message.type.isEmpty() || message.type == QLatin1String("text");
}

QString previewText(const MessageEvent &message) {
    if (!isTextMessage(message))
        return placeholderText(message.type);
    return message.text.simplified();
}

QString timeText(qint64 timestampSecs) {
    // Hours and minutes only: some locales' short format (C's among them) still carries seconds.
    static const QString format = [] {
        QString f = QLocale().timeFormat(QLocale::ShortFormat);
        f.remove(QRegularExpression(QStringLiteral("[:.]ss")));
        return f;
    }();
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(timestampSecs).time(), format);
}

QDate localDay(qint64 timestampSecs) {
    return QDateTime::fromSecsSinceEpoch(timestampSecs).date();
}

QString listTimeText(qint64 timestampSecs, const QDate &today) {
    if (timestampSecs <= 0)
        return {};
    const QDate day = localDay(timestampSecs);
    if (day == today)
        return timeText(timestampSecs);
    if (day == today.addDays(-1))
        return tr("Yesterday");
    if (day > today.addDays(-7) && day < today)
        return QLocale().dayName(day.dayOfWeek(), QLocale::LongFormat);
    return QLocale().toString(day, QLocale::ShortFormat);
}

QString dayLabel(const QDate &day, const QDate &today) {
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QString statusText(MessageStatus status) {
    switch (status) {
    case MessageStatus::Pending:
        return tr("Waiting to send");
    case MessageStatus::Sent:
        return tr("Sent");
    case MessageStatus::Delivered:
        return tr("Delivered");
    case MessageStatus::Read:
        return tr("Read");
    case MessageStatus::Played:
        return tr("Played");
    case MessageStatus::Failed:
        return tr("Not sent. Right-click the message and choose Retry to send it again.");
    }
    return {};
}

} // namespace balcao::chat
