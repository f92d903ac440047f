#include "code_pairing.h"

#include "iq_client.h"
#include "pairing_stanzas.h"

#include <QPointer>

namespace balcao {

namespace {

QString phoneJid(const QString &phone) {
    return phone + QStringLiteral("@s.whatsapp.net");
}

} // namespace

CodePairing::CodePairing(DeviceAccount &account, IqClient *iq, QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_iq(iq) { }

void CodePairing::cancel() {
    m_code.reset();
    ++m_attempt;
}

void CodePairing::request(const QString &phone, const QString &deviceName, const QString &requestId) {
    cancel();
    m_phone = phone;
    m_ephemeral = crypto::generateKeyPair();
    auto code = PairingCode::create(m_ephemeral);
    if (!code) {
        emit refused(code.error(), requestId);
        return;
    }
    m_code = *code;
    const Node hello = pairing::buildCompanionHello({phoneJid(phone), m_code->wrappedCompanionEphemeral(),
        m_account.credentials().noiseKey.publicKey, deviceName});
    m_iq->query(
        hello, [self = QPointer<CodePairing>(this), attempt = m_attempt, requestId](Result<Node> answer) {
            if (!self || attempt != self->m_attempt)
                return;
            if (!answer) {
                // The server checks the number before it hands out a code: a refusal is the caller's answer.
                self->m_code.reset();
                emit self->refused(Error {answer.error().code,
                                       QStringLiteral("WhatsApp gave no pairing code for +%1: %2")
                                           .arg(self->m_phone, answer.error().message)},
                    requestId);
                return;
            }
            emit self->code(self->m_code->displayCode(), self->m_phone);
        });
}

void CodePairing::onNotification(const Node &notification) {
    if (!m_code || !m_account.isLoaded())
        return;
    auto hello = pairing::parsePrimaryHello(notification);
    if (!hello) {
        emit failed(hello.error());
        return;
    }
    DeviceCredentials &credentials = m_account.credentials();
    auto finish
        = m_code->finish(credentials.identityKey, hello->primaryIdentityPub, hello->wrappedPrimaryEphemeral);
    if (!finish) {
        emit failed(finish.error());
        return;
    }
    // Saved before we answer: the phone's pair-success is signed with this secret.
    DeviceCredentials next = credentials;
    next.advSecret = finish->advSecret;
    if (auto saved = m_account.replace(std::move(next)); !saved) {
        emit failed(saved.error());
        return;
    }
    const Node done = pairing::buildCompanionFinish(
        {phoneJid(m_phone), finish->wrappedKeyBundle, credentials.identityKey.publicKey, hello->ref});
    m_iq->query(done, [self = QPointer<CodePairing>(this)](Result<Node> answer) {
        if (self && !answer)
            emit self->failed(answer.error());
    });
}

} // namespace balcao
