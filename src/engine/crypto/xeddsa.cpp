// Signal's signatures with Curve25519 keys ("curve25519_sign" in libsignal-protocol-c's curve_sigs.c and
// curve25519-js, which libsignal-node uses; XEdDSA's predecessor and what WhatsApp calls XEdDSA). The
// Montgomery private key is used directly as the Ed25519 scalar a; the Edwards public key A = aB then has
// a sign bit that the Montgomery key does not carry, so the signer stores it in the unused top bit of S
// (byte 63) and the verifier rebuilds A from u and that bit. Everything else is Ed25519, except the nonce:
// r = SHA-512(0xFE || 0xFF*31 || a || M || Z) with 64 random bytes Z.
#include "backend.h"
#include "crypto.h"

#include <array>
#include <memory>
#include <openssl/bn.h>
#include <sodium.h>

namespace balcao::crypto {

namespace {

constexpr qsizetype kKeySize = 32;
constexpr qsizetype kSignatureSize = 64;
constexpr qsizetype kRandomSize = 64;
using Bytes32 = std::array<unsigned char, 32>;

const unsigned char *readable(QByteArrayView view) {
    return reinterpret_cast<const unsigned char *>(view.data());
}

// SHA-512 of the parts in order, reduced modulo the group order L.
Bytes32 hashToScalar(std::initializer_list<QByteArrayView> parts) {
    crypto_hash_sha512_state state;
    crypto_hash_sha512_init(&state);
    for (const QByteArrayView part : parts)
        crypto_hash_sha512_update(&state, readable(part), (unsigned long long)part.size());
    unsigned char digest[64];
    crypto_hash_sha512_final(&state, digest);
    Bytes32 scalar;
    crypto_core_ed25519_scalar_reduce(scalar.data(), digest);
    sodium_memzero(digest, sizeof digest);
    return scalar;
}

QByteArrayView view(const Bytes32 &bytes) {
    return QByteArrayView(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

struct BnCtxFree {
    void operator()(BN_CTX *context) const { BN_CTX_free(context); }
};

// Edwards y = (u - 1) / (u + 1) mod p, p = 2^255 - 19, from the Montgomery u of a public key (RFC 7748 §4.1's
// birational map). As libsignal does, bit 255 of u is ignored, u is taken mod p, and u = -1 (where the
// map is undefined) gives y = 0. Returns false only if OpenSSL fails.
bool edwardsY(QByteArrayView montgomeryU, Bytes32 &y) {
    std::unique_ptr<BN_CTX, BnCtxFree> context(BN_CTX_new());
    if (!context)
        return false;
    BN_CTX_start(context.get());
    BIGNUM *p = BN_CTX_get(context.get());
    BIGNUM *u = BN_CTX_get(context.get());
    BIGNUM *numerator = BN_CTX_get(context.get());
    BIGNUM *denominator = BN_CTX_get(context.get());
    BIGNUM *result = BN_CTX_get(context.get());
    Bytes32 uBytes;
    std::copy_n(readable(montgomeryU), kKeySize, uBytes.begin());
    uBytes[31] &= 0x7f;
    bool ok = result && BN_set_bit(p, 255) && BN_sub_word(p, 19)
        && BN_lebin2bn(uBytes.data(), int(uBytes.size()), u) && BN_nnmod(u, u, p, context.get())
        && BN_mod_sub(numerator, u, BN_value_one(), p, context.get())
        && BN_mod_add(denominator, u, BN_value_one(), p, context.get());
    if (ok) {
        if (BN_is_zero(denominator))
            BN_zero(result);
        else
            ok = BN_mod_inverse(denominator, denominator, p, context.get())
                && BN_mod_mul(result, numerator, denominator, p, context.get());
    }
    ok = ok && BN_bn2lebinpad(result, y.data(), int(y.size())) == int(y.size());
    BN_CTX_end(context.get());
    return ok;
}

} // namespace

Result<QByteArray> xeddsaSignWithRandom(
    QByteArrayView privateKey, QByteArrayView message, QByteArrayView random) {
    if (!backend::sodiumReady())
        return makeError(errc::kCryptoFailed, QStringLiteral("libsodium failed to initialise."));
    if (privateKey.size() != kKeySize || random.size() != kRandomSize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("Signing needs a 32-byte private key and 64 random bytes, not %1 and %2.")
                .arg(privateKey.size())
                .arg(random.size()));
    }
    // libsignal-node hands over unclamped private keys and clamps them here, so do the same: the scalar must
    // be the one X25519 uses, or A would not match the public key.
    Bytes32 a;
    std::copy_n(readable(privateKey), kKeySize, a.begin());
    a[0] &= 248;
    a[31] = (a[31] & 127) | 64;

    Bytes32 edwardsPublic;
    if (crypto_scalarmult_ed25519_base_noclamp(edwardsPublic.data(), a.data()) != 0)
        return makeError(errc::kCryptoFailed, QStringLiteral("Cannot derive the Edwards public key."));
    const unsigned char signBit = edwardsPublic[31] & 0x80;

    static const QByteArray hashPrefix = QByteArray(1, char(0xfe)) + QByteArray(31, char(0xff));
    Bytes32 r = hashToScalar({hashPrefix, view(a), message, random});
    Bytes32 bigR;
    if (crypto_scalarmult_ed25519_base_noclamp(bigR.data(), r.data()) != 0) {
        sodium_memzero(a.data(), a.size());
        return makeError(errc::kCryptoFailed, QStringLiteral("The signature nonce is zero; sign again."));
    }
    const Bytes32 h = hashToScalar({view(bigR), view(edwardsPublic), message});

    // S = r + h·a mod L. a < 2^255 is not reduced yet; scalar_reduce takes 64 bytes, so pad it.
    unsigned char wideA[64] = {};
    std::copy(a.begin(), a.end(), wideA);
    Bytes32 reducedA;
    crypto_core_ed25519_scalar_reduce(reducedA.data(), wideA);
    Bytes32 s;
    crypto_core_ed25519_scalar_mul(s.data(), h.data(), reducedA.data());
    crypto_core_ed25519_scalar_add(s.data(), s.data(), r.data());
    sodium_memzero(wideA, sizeof wideA);
    sodium_memzero(reducedA.data(), reducedA.size());
    sodium_memzero(a.data(), a.size());
    sodium_memzero(r.data(), r.size());

    QByteArray signature(kSignatureSize, Qt::Uninitialized);
    std::copy(bigR.begin(), bigR.end(), signature.begin());
    std::copy(s.begin(), s.end(), signature.begin() + 32);
    // S < L < 2^253, so its top bit is free for the sign of A.
    signature[63] = char(uchar(signature[63]) | signBit);
    return signature;
}

Result<QByteArray> xeddsaSign(QByteArrayView privateKey, QByteArrayView message) {
    if (privateKey.size() != kKeySize) {
        return makeError(errc::kCryptoFailed,
            QStringLiteral("A Curve25519 private key has 32 bytes, not %1.").arg(privateKey.size()));
    }
    const QByteArray random = randomBytes(kRandomSize);
    return xeddsaSignWithRandom(privateKey, message, random);
}

bool xeddsaVerify(QByteArrayView publicKey, QByteArrayView message, QByteArrayView signature) {
    if (publicKey.size() != kKeySize || signature.size() != kSignatureSize || !backend::sodiumReady())
        return false;
    Bytes32 edwardsPublic;
    if (!edwardsY(publicKey, edwardsPublic))
        return false;
    edwardsPublic[31] |= uchar(signature[63]) & 0x80;
    std::array<unsigned char, kSignatureSize> plainSignature;
    std::copy_n(readable(signature), kSignatureSize, plainSignature.begin());
    plainSignature[63] &= 0x7f;
    // libsodium is stricter than libsignal here: it also refuses a non-reduced S (S + L verifies in
    // libsignal) and small-order R or A. Honest signers never produce those.
    return crypto_sign_ed25519_verify_detached(plainSignature.data(), readable(message),
               (unsigned long long)message.size(), edwardsPublic.data())
        == 0;
}

} // namespace balcao::crypto
