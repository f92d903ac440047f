#include "noise_handshake.h"

#include "proto/handshake.pb.h"
#include "transport/frame_decoder.h"

namespace balcao {

namespace {

// The protocol name is exactly 32 bytes, so Noise uses it as the initial hash without hashing it.
constexpr char kProtocolName[] = "Noise_XX_25519_AESGCM_SHA256\0\0\0\0";
static_assert(sizeof(kProtocolName) - 1 == 32);

constexpr qsizetype kKeySize = 32;
constexpr qsizetype kTagSize = 16;

Error failed(const QString &why) {
    return makeError(errc::kHandshakeFailed, QStringLiteral("The Noise handshake failed: %1").arg(why));
}

QByteArrayView view(const std::string &bytes) {
    return QByteArrayView(bytes.data(), qsizetype(bytes.size()));
}

std::string toStd(QByteArrayView bytes) {
    return std::string(bytes.data(), size_t(bytes.size()));
}

} // namespace

QByteArray NoiseHandshake::header() {
    return QByteArray::fromHex("57410603");
}

NoiseHandshake::NoiseHandshake(CertChainVerifier verifier)
    : m_verifier(std::move(verifier)) { }

void NoiseHandshake::mixHash(QByteArrayView data) {
    m_hash = crypto::sha256(m_hash + data.toByteArray());
}

Result<void> NoiseHandshake::mixKey(QByteArrayView inputKeyMaterial) {
    auto okm = crypto::hkdfSha256(inputKeyMaterial, m_chainingKey, {}, 2 * kKeySize);
    if (!okm)
        return okm.error();
    m_chainingKey = okm->left(kKeySize);
    m_key = okm->mid(kKeySize);
    m_counter = 0;
    return {};
}

Result<void> NoiseHandshake::mixSharedSecret(QByteArrayView privateKey, QByteArrayView publicKey) {
    auto shared = crypto::x25519(privateKey, publicKey);
    if (!shared)
        return failed(
            QStringLiteral("no key agreement with the server's key (%1).").arg(shared.error().message));
    return mixKey(*shared);
}

Result<QByteArray> NoiseHandshake::encrypt(QByteArrayView plaintext) {
    auto sealed = crypto::aesGcmEncrypt(m_key, NoiseCipher::iv(m_counter), plaintext, m_hash);
    if (!sealed)
        return sealed.error();
    ++m_counter;
    mixHash(*sealed);
    return sealed;
}

Result<QByteArray> NoiseHandshake::decrypt(QByteArrayView ciphertext, const char *what) {
    auto opened = crypto::aesGcmDecrypt(m_key, NoiseCipher::iv(m_counter), ciphertext, m_hash);
    if (!opened)
        return failed(QStringLiteral("could not decrypt the server's %1 (%2).")
                          .arg(QLatin1String(what), opened.error().message));
    ++m_counter;
    // The transcript takes the ciphertext, not the plaintext.
    mixHash(ciphertext);
    return opened;
}

Result<QByteArray> NoiseHandshake::start(
    const crypto::KeyPair &ephemeral, QByteArrayView header, QByteArrayView routingInfo) {
    if (m_stage != Stage::Idle)
        return failed(QStringLiteral("start() was called twice."));
    if (!ephemeral.isValid()) {
        m_stage = Stage::Failed;
        return failed(QStringLiteral("the ephemeral key pair is not a pair of 32-byte keys."));
    }
    QByteArray edgeRouting;
    if (!routingInfo.isEmpty()) {
        auto framed = FrameDecoder::encode(routingInfo);
        if (!framed) {
            m_stage = Stage::Failed;
            return failed(
                QStringLiteral("the routing info is too large (%1 bytes).").arg(routingInfo.size()));
        }
        edgeRouting = QByteArray::fromHex("45440001") + *framed;
    }
    m_ephemeral = ephemeral;
    m_hash = QByteArray(kProtocolName, 32);
    m_chainingKey = m_hash;
    m_key = m_hash;
    m_counter = 0;
    mixHash(header);
    mixHash(ephemeral.publicKey);

    wa::HandshakeMessage hello;
    hello.mutable_client_hello()->set_ephemeral(toStd(ephemeral.publicKey));
    auto frame = FrameDecoder::encode(QByteArray::fromStdString(hello.SerializeAsString()));
    if (!frame) {
        m_stage = Stage::Failed;
        return frame.error();
    }
    m_stage = Stage::HelloSent;
    return edgeRouting + header.toByteArray() + *frame;
}

Result<NoiseHandshake::Finished> NoiseHandshake::processServerHello(QByteArrayView serverHello,
    const crypto::KeyPair &noiseKey, QByteArrayView clientPayload, qint64 nowSecs) {
    if (m_stage != Stage::HelloSent) {
        return failed(m_stage == Stage::Idle
                ? QStringLiteral("a server hello arrived before our client hello.")
                : QStringLiteral("the handshake is already over."));
    }
    auto finished = finishServerHello(serverHello, noiseKey, clientPayload, nowSecs);
    m_stage = finished ? Stage::Finished : Stage::Failed;
    // The handshake secrets are not needed any more, whatever happened.
    m_key.fill('\0');
    m_chainingKey.fill('\0');
    m_ephemeral.privateKey.fill('\0');
    return finished;
}

Result<NoiseHandshake::Finished> NoiseHandshake::finishServerHello(QByteArrayView serverHello,
    const crypto::KeyPair &noiseKey, QByteArrayView clientPayload, qint64 nowSecs) {
    if (!noiseKey.isValid())
        return failed(QStringLiteral("our noise key is not a pair of 32-byte keys."));
    wa::HandshakeMessage message;
    if (!message.ParseFromArray(serverHello.data(), int(serverHello.size())))
        return failed(QStringLiteral("the server's hello is not a valid HandshakeMessage protobuf."));
    if (!message.has_server_hello())
        return failed(QStringLiteral("the server answered without a server hello."));
    const auto &hello = message.server_hello();
    if (qsizetype(hello.ephemeral().size()) != kKeySize) {
        return failed(QStringLiteral("the server's ephemeral key is %1 bytes long, not 32.")
                          .arg(hello.ephemeral().size()));
    }
    if (qsizetype(hello.static_().size()) != kKeySize + kTagSize) {
        return failed(QStringLiteral("the server's encrypted static key is %1 bytes long, not 48.")
                          .arg(hello.static_().size()));
    }
    if (qsizetype(hello.payload().size()) <= kTagSize)
        return failed(QStringLiteral("the server sent no certificate."));

    const QByteArrayView serverEphemeral = view(hello.ephemeral());
    mixHash(serverEphemeral);
    if (auto mixed = mixSharedSecret(m_ephemeral.privateKey, serverEphemeral); !mixed)
        return mixed.error();

    auto serverStatic = decrypt(view(hello.static_()), "static key");
    if (!serverStatic)
        return serverStatic.error();
    if (auto mixed = mixSharedSecret(m_ephemeral.privateKey, *serverStatic); !mixed)
        return mixed.error();

    auto certificate = decrypt(view(hello.payload()), "certificate");
    if (!certificate)
        return certificate.error();
    if (auto trusted = m_verifier.verify(*certificate, *serverStatic, nowSecs); !trusted)
        return trusted.error();

    auto encryptedStatic = encrypt(noiseKey.publicKey);
    if (!encryptedStatic)
        return encryptedStatic.error();
    if (auto mixed = mixSharedSecret(noiseKey.privateKey, serverEphemeral); !mixed)
        return mixed.error();
    auto encryptedPayload = encrypt(clientPayload);
    if (!encryptedPayload)
        return encryptedPayload.error();

    wa::HandshakeMessage finish;
    finish.mutable_client_finish()->set_static_(toStd(*encryptedStatic));
    finish.mutable_client_finish()->set_payload(toStd(*encryptedPayload));
    auto frame = FrameDecoder::encode(QByteArray::fromStdString(finish.SerializeAsString()));
    if (!frame)
        return frame.error();

    // Split: the first half encrypts what we send, the second what we receive.
    auto keys = crypto::hkdfSha256({}, m_chainingKey, {}, 2 * kKeySize);
    if (!keys)
        return keys.error();
    return Finished {*frame, NoiseCipher(keys->left(kKeySize), keys->mid(kKeySize)), *serverStatic};
}

} // namespace balcao
