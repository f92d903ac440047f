#include "outgoing_json.h"

#include "auth/phone_number.h"
#include "messaging/media_message.h"

namespace balcao::outgoing_json {

namespace {

constexpr qsizetype kMaxNameLength = 256;
constexpr qsizetype kMaxAddressLength = 1024;

Error invalid(const QString &why) {
    return makeError(errc::kInvalidArgument, why);
}

Result<QString> optionalText(const QJsonObject &o, const char *key, qsizetype max) {
    const QJsonValue value = o.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString() || value.toString().size() > max)
        return invalid(QStringLiteral("The field \"%1\" must be a text of at most %2 characters.")
                           .arg(QLatin1String(key))
                           .arg(max));
    return value.toString();
}

} // namespace

Result<MessageContent> location(const QJsonObject &o) {
    const QJsonValue latitude = o.value(QStringLiteral("latitude"));
    const QJsonValue longitude = o.value(QStringLiteral("longitude"));
    if (!latitude.isDouble() || !longitude.isDouble())
        return invalid(QStringLiteral("A location needs \"latitude\" and \"longitude\" as numbers."));
    auto name = optionalText(o, "name", kMaxNameLength);
    if (!name)
        return name.error();
    auto address = optionalText(o, "address", kMaxAddressLength);
    if (!address)
        return address.error();
    MessageContent content;
    content.kind = MessageKind::Location;
    content.text = *name;
    content.placeholder = QStringLiteral("[location]");
    content.payload = LocationPayload {latitude.toDouble(), longitude.toDouble(), *name, *address};
    if (auto ok = media_message::check(content); !ok)
        return ok.error();
    return content;
}

QString vcardFor(const QString &name, const QString &digits) {
    QString escaped = name;
    escaped.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u';', QStringLiteral("\\;"))
        .replace(u',', QStringLiteral("\\,"));
    escaped.remove(u'\n').remove(u'\r');
    return QStringLiteral("BEGIN:VCARD\nVERSION:3.0\nFN:%1\nTEL;type=CELL;type=VOICE;waid=%2:+%2\nEND:VCARD")
        .arg(escaped, digits);
}

Result<MessageContent> contactCard(const QJsonObject &o) {
    auto name = optionalText(o, "name", kMaxNameLength);
    if (!name)
        return name.error();
    if (name->trimmed().isEmpty())
        return invalid(QStringLiteral("A contact card needs the contact's \"name\"."));
    auto vcard = optionalText(o, "vcard", 64 * 1024);
    if (!vcard)
        return vcard.error();
    auto phone = optionalText(o, "phone", 64);
    if (!phone)
        return phone.error();
    if (vcard->isEmpty() == phone->isEmpty())
        return invalid(QStringLiteral("A contact card needs either \"vcard\" or \"phone\"."));
    if (!phone->isEmpty()) {
        auto jid = userJidFromInput(*phone);
        if (!jid)
            return jid.error();
        *vcard = vcardFor(*name, jid->section(u'@', 0, 0));
    }
    MessageContent content;
    content.kind = MessageKind::Contact;
    content.text = *name;
    content.placeholder = QStringLiteral("[contact]");
    content.payload = ContactCardPayload {*name, *vcard};
    if (auto ok = media_message::check(content); !ok)
        return ok.error();
    return content;
}

} // namespace balcao::outgoing_json
