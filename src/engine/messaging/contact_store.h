#pragma once

#include "stored_message.h"

// The people a session has heard from: the push name each last gave (MessageStore::storeIncoming records it
// as messages arrive), the two addresses WhatsApp knows a person by (phone number and LID, docs/lid.md) and
// the privacy token each gave us. Bound to one session, used from its thread. Contract:
// tests/unit/messaging's contact suite.
namespace balcao {

// A privacy token ("tctoken") a contact's account issued to ours: WhatsApp refuses our 1:1 messages to an
// account that requires one (error 463) unless it rides along.
struct PrivacyToken {
    QByteArray token;
    qint64 timestamp = 0; // seconds, as the issuer stamped it

    bool operator==(const PrivacyToken &) const = default;
};

class ContactStore {
public:
    virtual ~ContactStore() = default;

    // Remembers a push name seen at `timestamp` (seconds); an older sighting does not overwrite a newer
    // one, so an offline burst delivered out of order keeps the latest name.
    virtual Result<void> savePushName(const QString &jid, const QString &pushName, qint64 timestamp) = 0;
    virtual Result<std::optional<Contact>> contact(const QString &jid) = 0;
    // Ordered by JID.
    virtual Result<QList<Contact>> contacts() = 0;

    // Records that `lid` ("<digits>@lid") and `phone` ("<digits>@s.whatsapp.net") are one person. Each side
    // has one partner: a LID or number seen with another one before loses it (a number given to a new
    // account). True when this changed anything.
    virtual Result<bool> saveLidMapping(const QString &lid, const QString &phone) = 0;
    virtual Result<std::optional<QString>> phoneOfLid(const QString &lid) = 0;
    virtual Result<std::optional<QString>> lidOfPhone(const QString &phone) = 0;

    // Keeps the token `jid`'s account issued us, unless the one held is newer.
    virtual Result<void> savePrivacyToken(const QString &jid, const PrivacyToken &token) = 0;
    virtual Result<std::optional<PrivacyToken>> privacyToken(const QString &jid) = 0;
    // When we last issued our own token to `jid` (seconds); nullopt when never.
    virtual Result<void> saveTokenIssued(const QString &jid, qint64 timestamp) = 0;
    virtual Result<std::optional<qint64>> tokenIssuedAt(const QString &jid) = 0;
};

} // namespace balcao
