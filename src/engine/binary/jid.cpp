#include "binary/jid.h"

namespace balcao {

namespace {

std::optional<int> smallNumber(QStringView digits) {
    if (digits.isEmpty() || digits.size() > 5) {
        return std::nullopt;
    }
    int value = 0;
    for (QChar c : digits) {
        if (c < u'0' || c > u'9') {
            return std::nullopt;
        }
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value > 0xffff) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<Jid> Jid::parse(QStringView text) {
    const qsizetype at = text.indexOf(u'@');
    if (at < 0) {
        return std::nullopt;
    }
    Jid jid;
    jid.server = text.mid(at + 1).toString();
    QStringView userPart = text.left(at);
    const qsizetype colon = userPart.indexOf(u':');
    if (colon >= 0) {
        const auto device = smallNumber(userPart.mid(colon + 1));
        if (!device) {
            return std::nullopt;
        }
        jid.device = *device;
        userPart = userPart.left(colon);
    }
    const qsizetype underscore = userPart.indexOf(u'_');
    if (underscore >= 0) {
        const auto agent = smallNumber(userPart.mid(underscore + 1));
        if (!agent) {
            return std::nullopt;
        }
        jid.agent = *agent;
        userPart = userPart.left(underscore);
    }
    jid.user = userPart.toString();
    return jid;
}

Jid Jid::make(const QString &user, QStringView server, int device) {
    return Jid {user, server.toString(), device, 0};
}

QString Jid::toString() const {
    QString out = user;
    if (agent != 0) {
        out += u'_' + QString::number(agent);
    }
    if (device != 0) {
        out += u':' + QString::number(device);
    }
    out += u'@';
    out += server;
    return out;
}

Jid Jid::normalizedUser() const {
    return Jid {user, server == kLegacyUserServer ? kUserServer.toString() : server, 0, 0};
}

} // namespace balcao
