#include "message_format.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <ui/phone_display.h>

namespace balcao::chat {

QString displayNumber(const QString &jid) {
    // A LID hides the person's number (docs/lid.md): its digits are no phone number and are not shown as one.
    if (jid.endsWith(QLatin1String("@lid")))
        return QCoreApplication::translate("balcao::chat", "Contact (number hidden)");
    if (!jid.endsWith(QLatin1String("@s.whatsapp.net")))
        return jid;
    // The sidebar's formatting ("+55 11 90000-0001"), so a number reads the same everywhere in the window.
    return displayPhone(jid);
}

QString displayName(const QString &name, const QString &jid) {
    const QString trimmed = name.trimmed();
    return trimmed.isEmpty() ? displayNumber(jid) : trimmed;
}

QString placeholderText(const QString &type) {
    if (type == QLatin1String("image"))
        return QCoreApplication::translate("balcao::chat", "Photo");
    if (type == QLatin1String("video"))
        return QCoreApplication::translate("balcao::chat", "Video");
    if (type == QLatin1String("audio") || type == QLatin1String("ptt"))
        return QCoreApplication::translate("balcao::chat", "Voice message");
    if (type == QLatin1String("document"))
        return QCoreApplication::translate("balcao::chat", "Document");
    if (type == QLatin1String("sticker"))
        return QCoreApplication::translate("balcao::chat", "Sticker");
    if (type == QLatin1String("location"))
        return QCoreApplication::translate("balcao::chat", "Location");
    if (type == QLatin1String("contact"))
        return QCoreApplication::translate("balcao::chat", "Contact card");
    if (type == QLatin1String("undecryptable"))
        return QCoreApplication::translate(
            "balcao::chat", "Waiting for this message. This may take a while.");
    return QCoreApplication::translate("balcao::chat", "This kind of message cannot be shown here yet.");
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
        return QCoreApplication::translate("balcao::chat", "Yesterday");
    if (day > today.addDays(-7) && day < today)
        return QLocale().dayName(day.dayOfWeek(), QLocale::LongFormat);
    return QLocale().toString(day, QLocale::ShortFormat);
}

QString dayLabel(const QDate &day, const QDate &today) {
    if (day == today)
        return QCoreApplication::translate("balcao::chat", "Today");
    if (day == today.addDays(-1))
        return QCoreApplication::translate("balcao::chat", "Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QString statusText(MessageStatus status) {
    switch (status) {
    case MessageStatus::Pending:
        return QCoreApplication::translate("balcao::chat", "Waiting to send");
    case MessageStatus::Sent:
        return QCoreApplication::translate("balcao::chat", "Sent");
    case MessageStatus::Delivered:
        return QCoreApplication::translate("balcao::chat", "Delivered");
    case MessageStatus::Read:
        return QCoreApplication::translate("balcao::chat", "Read");
    case MessageStatus::Played:
        return QCoreApplication::translate("balcao::chat", "Played");
    case MessageStatus::Failed:
        return QCoreApplication::translate(
            "balcao::chat", "Not sent. Right-click the message and choose Retry to send it again.");
    }
    return {};
}

} // namespace balcao::chat
