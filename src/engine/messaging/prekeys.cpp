#include "prekeys.h"

#include "binary/big_endian.h"
#include "signal/signal_handles.h"

#include <session_pre_key.h>
#include <signal_protocol.h>

namespace balcao::prekeys {

namespace {

Node bytesNode(const char *tag, QByteArray bytes) {
    return Node(QString::fromLatin1(tag), {}, std::move(bytes));
}

} // namespace

Node keyNode(const OneTimePreKey &preKey) {
    return Node(QStringLiteral("key"), {},
        Node::Children {
            bytesNode("id", bigEndianBytes(preKey.id, 3)), bytesNode("value", preKey.keyPair.publicKey)});
}

Node signedKeyNode(const SignedPreKey &signedPreKey) {
    return Node(QStringLiteral("skey"), {},
        Node::Children {bytesNode("id", bigEndianBytes(signedPreKey.id, 3)),
            bytesNode("value", signedPreKey.keyPair.publicKey),
            bytesNode("signature", signedPreKey.signature)});
}

quint32 nextPreKeyId(quint32 id) {
    return (id >= kMaxPreKeyId || id < kMinPreKeyId) ? kMinPreKeyId : id + 1;
}

Result<PreKeyRecord> makePreKeyRecord(signal_context *context, const OneTimePreKey &preKey) {
    if (!signal_store_check::isPreKeyId(preKey.id))
        return makeError(
            errc::kInvalidArgument, QStringLiteral("Prekey id %1 is out of range.").arg(preKey.id));
    auto pair = signal::decodeKeyPair(context, preKey.keyPair.privateKey, preKey.keyPair.publicKey);
    if (!pair)
        return pair.error();
    session_pre_key *rawPreKey = nullptr;
    int result = session_pre_key_create(&rawPreKey, preKey.id, pair->get());
    const signal::Ref<session_pre_key> owned(rawPreKey);
    signal_buffer *rawBuffer = nullptr;
    if (result == SG_SUCCESS)
        result = session_pre_key_serialize(&rawBuffer, rawPreKey);
    const signal::Buffer buffer(rawBuffer);
    if (result != SG_SUCCESS)
        return makeError(errc::kCryptoFailed,
            QStringLiteral("libsignal could not record prekey %1 (%2).").arg(preKey.id).arg(result));
    return PreKeyRecord {preKey.id, signal::bytesOf(buffer.get())};
}

Result<QList<OneTimePreKey>> generatePreKeys(signal_context *context, PreKeyStore &store,
    const QString &sessionId, DeviceCredentials &credentials, int count) {
    if (count < 1 || count > kMaxUploadCount) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("Cannot make %1 prekeys; 1 to %2 at a time.").arg(count).arg(kMaxUploadCount));
    }
    quint32 id
        = signal_store_check::isPreKeyId(credentials.nextPreKeyId) ? credentials.nextPreKeyId : kMinPreKeyId;
    QList<OneTimePreKey> preKeys;
    QList<PreKeyRecord> records;
    for (int i = 0; i < count; ++i) {
        OneTimePreKey preKey {id, crypto::generateKeyPair()};
        auto record = makePreKeyRecord(context, preKey);
        if (!record)
            return record.error();
        records.append(std::move(*record));
        preKeys.append(std::move(preKey));
        id = nextPreKeyId(id);
    }
    if (auto stored = store.storePreKeys(sessionId, records); !stored)
        return stored.error();
    credentials.nextPreKeyId = id;
    return preKeys;
}

Node buildCountQuery() {
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("xmlns"), QStringLiteral("encrypt")},
            {QStringLiteral("type"), QStringLiteral("get")},
            {QStringLiteral("to"), Jid::serverJid().toString()}},
        Node::Children {Node(QStringLiteral("count"))});
}

Result<int> parseCountAnswer(const Node &answer) {
    const Node *count = answer.child(u"count");
    bool ok = false;
    const int value = count ? count->attribute(u"value").toInt(&ok) : 0;
    if (!count || !ok || value < 0) {
        return makeError(errc::kMalformedNode,
            QStringLiteral("The prekey count answer has no <count value>: %1")
                .arg(answer.toString().left(200)));
    }
    return value;
}

Result<Node> buildUploadNode(const DeviceCredentials &credentials, const QList<OneTimePreKey> &preKeys) {
    const SignedPreKey &signedPreKey = credentials.signedPreKey;
    if (!credentials.identityKey.isValid() || !signedPreKey.keyPair.isValid()
        || signedPreKey.signature.size() != 64 || !signal_store_check::isPreKeyId(signedPreKey.id)) {
        return makeError(
            errc::kInvalidArgument, QStringLiteral("The credentials have no identity key or signed prekey."));
    }
    if (preKeys.isEmpty() || preKeys.size() > kMaxUploadCount)
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A prekey upload carries 1 to %1 keys.").arg(kMaxUploadCount));
    Node::Children keys;
    for (const OneTimePreKey &preKey : preKeys) {
        if (!signal_store_check::isPreKeyId(preKey.id) || preKey.keyPair.publicKey.size() != 32)
            return makeError(
                errc::kInvalidArgument, QStringLiteral("Prekey %1 cannot be uploaded.").arg(preKey.id));
        keys.push_back(keyNode(preKey));
    }
    Node::Children content;
    content.push_back(bytesNode("registration", bigEndianBytes(credentials.registrationId, 4)));
    content.push_back(bytesNode("type", QByteArray(1, kSignalKeyType)));
    content.push_back(bytesNode("identity", credentials.identityKey.publicKey));
    content.emplace_back(QStringLiteral("list"), QList<Node::Attribute> {}, std::move(keys));
    content.push_back(signedKeyNode(signedPreKey));
    return Node(QStringLiteral("iq"),
        {{QStringLiteral("xmlns"), QStringLiteral("encrypt")},
            {QStringLiteral("type"), QStringLiteral("set")},
            {QStringLiteral("to"), Jid::serverJid().toString()}},
        std::move(content));
}

} // namespace balcao::prekeys
