#include "number_check.h"

#include "binary/jid.h"
#include "messaging/number_forms.h"
#include "messaging/peer_directory.h"
#include "messaging/usync.h"
#include "session/iq_client.h"

#include <QHash>
#include <QPointer>

namespace balcao {

NumberCheck::NumberCheck(PeerDirectory *directory, IqClient *iq, QObject *parent)
    : QObject(parent)
    , m_directory(directory)
    , m_iq(iq) { }

namespace {

// An input's digits: a typed number, or the user of a phone-number JID. Empty when it is neither.
QString digitsOfInput(const QString &input) {
    if (input.contains(QLatin1Char('@'))) {
        const auto jid = Jid::parse(input.trimmed());
        return jid && jid->isPhoneUser() ? number_forms::digitsOf(jid->user) : QString();
    }
    return number_forms::digitsOf(input);
}

} // namespace

void NumberCheck::check(const QStringList &inputs, Done done) {
    if (inputs.isEmpty() || inputs.size() > kMaxNumbers) {
        done(makeError(errc::kInvalidArgument,
            QStringLiteral("Check 1 to %1 numbers at a time (got %2).").arg(kMaxNumbers).arg(inputs.size())));
        return;
    }
    QList<NumberResult> results;
    QList<QStringList> forms; // per input, the digits to try, best first
    QStringList asked;
    for (const QString &input : inputs) {
        NumberResult result;
        result.input = input;
        const auto jid = input.contains(QLatin1Char('@')) ? Jid::parse(input.trimmed()) : std::nullopt;
        if (jid && jid->isLid() && !jid->user.isEmpty()) {
            // A LID is an account already (Evolution assumes as much); its number is what we learnt of it.
            result.exists = true;
            result.lid = jid->normalizedUser().toString();
            const auto phone = m_directory->phoneOf(*jid);
            result.jid = phone ? phone->toString() : result.lid;
            if (phone)
                result.phone = QLatin1Char('+') + phone->user;
            forms.append(QStringList());
            results.append(result);
            continue;
        }
        const QString digits = digitsOfInput(input);
        if (digits.isEmpty()) {
            result.error
                = QStringLiteral("\"%1\" is not a phone number (8 to 15 digits).").arg(input.left(40));
            forms.append(QStringList());
            results.append(result);
            continue;
        }
        result.jid = Jid::make(digits).toString();
        const QStringList candidates = number_forms::candidates(digits);
        for (const QString &c : candidates) {
            if (!asked.contains(c))
                asked.append(c);
        }
        forms.append(candidates);
        results.append(result);
    }
    if (asked.isEmpty()) {
        done(results);
        return;
    }
    m_iq->query(usync::buildContactQuery(asked, QStringLiteral("numbers-%1").arg(++m_queries)),
        [self = QPointer<NumberCheck>(this), results, forms, done](Result<Node> answer) mutable {
            if (!self)
                return;
            auto users
                = answer ? usync::parseUserAnswer(*answer) : Result<QList<usync::UserInfo>>(answer.error());
            if (!users) {
                done(Error {users.error().code,
                    QStringLiteral("Could not check the numbers: %1").arg(users.error().message)});
                return;
            }
            QHash<QString, usync::UserInfo> byDigits;
            for (const usync::UserInfo &user : std::as_const(*users)) {
                // The server echoes what was asked ("+5531…", or "+5531…@c.us"); else its jid names the
                // number.
                QString digits = user.asked;
                digits.remove(QLatin1Char('+'));
                digits = digits.section(QLatin1Char('@'), 0, 0);
                if (digits.isEmpty() && user.phone)
                    digits = user.phone->user;
                byDigits.insert(digits, user);
                if (user.lid && user.phone && user.onWhatsApp.value_or(false))
                    self->m_directory->learn(*user.lid, *user.phone);
            }
            for (qsizetype i = 0; i < results.size(); ++i) {
                for (const QString &digits : std::as_const(forms[i])) {
                    const auto found = byDigits.constFind(digits);
                    if (found == byDigits.cend() || !found->onWhatsApp.value_or(false))
                        continue;
                    NumberResult &r = results[i];
                    r.exists = true;
                    const Jid phone = found->phone.value_or(Jid::make(digits));
                    r.jid = phone.toString();
                    r.phone = QLatin1Char('+') + phone.user;
                    const auto lid = found->lid ? found->lid : self->m_directory->lidOf(phone);
                    r.lid = lid ? lid->toString() : QString();
                    break;
                }
            }
            done(results);
        });
}

} // namespace balcao
