// libFuzzer target for the bytes a server sends before and around the Noise handshake (docs/protocol.md
// §1.2, §2): the frame splitter, the server hello, the certificate chain inside it and the transport cipher.
// The first input byte picks the parser; the rest is its input. Keys come from the golden transcript
// (noise-handshake.json), so the seeds made from it (corpus/noise_frames/) reach the end of each parser and
// the fuzzer mutates from there.
#include "fuzz_chunks.h"
#include "fuzz_vectors.h"

#include <cstdint>
#include <cstdlib>
#include <transport/cert_chain_verifier.h>
#include <transport/frame_decoder.h>
#include <transport/noise_cipher.h>
#include <transport/noise_handshake.h>

using namespace balcao;

namespace {

const fuzz::Vectors &vectors() {
    static const fuzz::Vectors v("noise-handshake.json");
    return v;
}

crypto::KeyPair keyPair(const char *name) {
    const QString base = QStringLiteral("keys.") + QLatin1String(name);
    return {vectors().bytes(base + QStringLiteral(".priv")), vectors().bytes(base + QStringLiteral(".pub"))};
}

qint64 vectorNow() {
    return vectors().value(QStringLiteral("now")).toInteger();
}

// Feeds the bytes in chunks whose sizes the input chooses (fuzz_chunks.h), as a WebSocket may cut the stream
// anywhere. Whatever is returned must be a real frame; bytes are never lost.
void splitFrames(QByteArrayView input) {
    FrameDecoder decoder;
    qsizetype fed = 0, framed = 0;
    while (!input.isEmpty()) {
        const QByteArrayView chunk = fuzz::takeChunk(input);
        auto frames = decoder.feed(chunk);
        if (!frames)
            return; // a corrupt stream ends the connection; nothing more to check
        fed += chunk.size();
        for (const QByteArray &frame : *frames) {
            if (frame.isEmpty() || frame.size() > FrameDecoder::kMaxFrame)
                std::abort();
            framed += 3 + frame.size();
        }
        if (framed + decoder.pendingBytes() != fed)
            std::abort();
    }
}

void serverHello(QByteArrayView input) {
    NoiseHandshake handshake {CertChainVerifier(vectors().bytes(QStringLiteral("keys.root.pub")))};
    if (!handshake.start(keyPair("clientEphemeral")))
        std::abort();
    auto finished = handshake.processServerHello(
        input, keyPair("clientNoise"), vectors().bytes(QStringLiteral("clientPayload.bytes")), vectorNow());
    if (finished && (!finished->cipher.isValid() || finished->serverStaticKey.size() != 32))
        std::abort();
}

void certChain(QByteArrayView input) {
    const CertChainVerifier verifier(vectors().bytes(QStringLiteral("keys.root.pub")));
    (void)verifier.verify(input, vectors().bytes(QStringLiteral("keys.serverStatic.pub")), vectorNow());
}

// The server's transport frames after the handshake: split, then each decrypted in turn (the first failure is
// fatal for a connection, as in NodeConnection).
void transportFrames(QByteArrayView input) {
    FrameDecoder decoder;
    auto frames = decoder.feed(input);
    if (!frames)
        return;
    NoiseCipher cipher(vectors().bytes(QStringLiteral("split.clientWriteKey")),
        vectors().bytes(QStringLiteral("split.clientReadKey")));
    for (const QByteArray &frame : *frames) {
        if (!cipher.decrypt(frame))
            return;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 4) {
    case 0:
        splitFrames(input);
        break;
    case 1:
        serverHello(input);
        break;
    case 2:
        certChain(input);
        break;
    case 3:
        transportFrames(input);
        break;
    }
    return 0;
}
