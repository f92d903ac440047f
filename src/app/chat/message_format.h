#pragma once

#include <QDateTime>
#include <QString>
#include <session/events.h>

// How the chat list and the chat view put a message into words: previews, placeholders for the kinds of
// message we do not render yet, times and day labels. Plain functions so the models and delegates agree.
namespace balcao::chat {

// The phone number of a user JID as people read it ("5511900000002@s.whatsapp.net" → "+55 11 90000-0002");
// other JIDs as they are.
QString displayNumber(const QString &jid);
// The name to show for a chat: the contact's push name, else its number.
QString displayName(const QString &name, const QString &jid);
// What stands in for a message that is not plain text ("Photo", "Voice message", …).
QString placeholderText(const QString &type);
// One line for the chat list: the text with line breaks folded, or the placeholder.
QString previewText(const MessageEvent &message);
// Whether a message is shown as its own text (anything else gets a placeholder).
bool isTextMessage(const MessageEvent &message);
// "14:05" in the user's locale.
QString timeText(qint64 timestampSecs);
// The chat list's time column: the time today, "Yesterday", a weekday within the week, else the date.
QString listTimeText(qint64 timestampSecs, const QDate &today);
// The label of a day separator: "Today", "Yesterday", or the date in full.
QString dayLabel(const QDate &day, const QDate &today);
// The local calendar day of a WhatsApp timestamp (seconds).
QDate localDay(qint64 timestampSecs);
// Tooltip-sized words for a status ("Delivered", "Not sent — use Retry").
QString statusText(MessageStatus status);

} // namespace balcao::chat
