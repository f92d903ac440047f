#include "cert_chain_verifier.h"

#include "crypto/crypto.h"
#include "proto/cert_chain.pb.h"

namespace balcao {

namespace {

using Certificate = wa::CertChain::NoiseCertificate;
using Details = wa::CertChain::NoiseCertificate::Details;

constexpr qsizetype kKeySize = 32;
constexpr qsizetype kSignatureSize = 64;
// The serial WhatsApp's root gives itself: intermediates must name it as their issuer.
constexpr quint32 kRootSerial = 0;

Error untrusted(const QString &why) {
    return makeError(
        errc::kServerUntrusted, QStringLiteral("The server's certificate chain was refused: %1").arg(why));
}

QByteArrayView view(const std::string &bytes) {
    return QByteArrayView(bytes.data(), qsizetype(bytes.size()));
}

// Checks that a certificate has details and a 64-byte signature that verifies under `signerKey`, then
// parses the details. The signature covers the serialized details exactly as sent.
Result<Details> checkSignedDetails(const Certificate &certificate, bool present, QByteArrayView signerKey,
    const QString &name, const QString &signer) {
    if (!present || !certificate.has_details() || certificate.details().empty())
        return untrusted(QStringLiteral("the %1 certificate is missing or has no details.").arg(name));
    if (qsizetype(certificate.signature().size()) != kSignatureSize) {
        return untrusted(QStringLiteral("the %1 signature is %2 bytes long, not %3.")
                             .arg(name)
                             .arg(certificate.signature().size())
                             .arg(kSignatureSize));
    }
    if (!crypto::xeddsaVerify(signerKey, view(certificate.details()), view(certificate.signature())))
        return untrusted(QStringLiteral("the %1 certificate is not signed by %2.").arg(name, signer));
    Details details;
    if (!details.ParseFromString(certificate.details()))
        return untrusted(QStringLiteral("the %1 certificate's details are not a valid protobuf.").arg(name));
    return details;
}

Result<void> checkValidity(const Details &details, qint64 nowSecs, const QString &name) {
    // A certificate without dates is not valid at any time.
    if (!details.has_not_before() || !details.has_not_after())
        return untrusted(QStringLiteral("the %1 certificate has no validity period.").arg(name));
    const quint64 now = nowSecs < 0 ? 0 : quint64(nowSecs);
    if (now < details.not_before()) {
        return untrusted(QStringLiteral("the %1 certificate is not valid before %2 (now is %3).")
                             .arg(name)
                             .arg(details.not_before())
                             .arg(now));
    }
    if (now > details.not_after()) {
        return untrusted(QStringLiteral("the %1 certificate expired at %2 (now is %3).")
                             .arg(name)
                             .arg(details.not_after())
                             .arg(now));
    }
    return {};
}

} // namespace

QByteArray CertChainVerifier::whatsAppRootKey() {
    return QByteArray::fromHex("142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b");
}

CertChainVerifier::CertChainVerifier(QByteArray rootKey)
    : m_rootKey(std::move(rootKey)) { }

Result<CertChainVerifier> CertChainVerifier::fromHex(QStringView hex) {
    const QString trimmed = hex.trimmed().toString();
    static const QString digits = QStringLiteral("0123456789abcdefABCDEF");
    const bool allHex
        = std::all_of(trimmed.begin(), trimmed.end(), [](QChar c) { return digits.contains(c); });
    if (trimmed.size() != kKeySize * 2 || !allHex) {
        return makeError(errc::kInvalidArgument,
            QStringLiteral("A server root key is 64 hexadecimal digits (32 bytes), not \"%1\".")
                .arg(trimmed.left(80)));
    }
    return CertChainVerifier(QByteArray::fromHex(trimmed.toLatin1()));
}

Result<void> CertChainVerifier::verify(
    QByteArrayView chainBytes, QByteArrayView serverStaticKey, qint64 nowSecs) const {
    if (m_rootKey.size() != kKeySize)
        return untrusted(
            QStringLiteral("the trusted root key is %1 bytes long, not 32.").arg(m_rootKey.size()));
    wa::CertChain chain;
    if (!chain.ParseFromArray(chainBytes.data(), int(chainBytes.size())))
        return untrusted(QStringLiteral("it is not a valid CertChain protobuf."));

    const auto intermediate = checkSignedDetails(chain.intermediate(), chain.has_intermediate(), m_rootKey,
        QStringLiteral("intermediate"), QStringLiteral("the trusted root key"));
    if (!intermediate)
        return intermediate.error();
    if (intermediate->issuer_serial() != kRootSerial) {
        return untrusted(
            QStringLiteral("the intermediate certificate names issuer serial %1, not the root's %2.")
                .arg(intermediate->issuer_serial())
                .arg(kRootSerial));
    }
    if (qsizetype(intermediate->key().size()) != kKeySize) {
        return untrusted(
            QStringLiteral("the intermediate key is %1 bytes long, not 32.").arg(intermediate->key().size()));
    }

    const auto leaf = checkSignedDetails(chain.leaf(), chain.has_leaf(), view(intermediate->key()),
        QStringLiteral("leaf"), QStringLiteral("the intermediate key"));
    if (!leaf)
        return leaf.error();
    if (leaf->issuer_serial() != intermediate->serial()) {
        return untrusted(QStringLiteral("the leaf certificate names issuer serial %1, but the intermediate's "
                                        "serial is %2.")
                             .arg(leaf->issuer_serial())
                             .arg(intermediate->serial()));
    }

    if (auto valid = checkValidity(*intermediate, nowSecs, QStringLiteral("intermediate")); !valid)
        return valid;
    if (auto valid = checkValidity(*leaf, nowSecs, QStringLiteral("leaf")); !valid)
        return valid;

    // Without this check, anyone could replay a genuine chain in front of their own static key.
    if (serverStaticKey.size() != kKeySize || view(leaf->key()) != serverStaticKey)
        return untrusted(QStringLiteral("the leaf certificate's key is not the server's static key."));
    return {};
}

} // namespace balcao
