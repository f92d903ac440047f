#pragma once

#include "result.h"

// Every Error.code Balcão produces is listed here, once (as whatsmeow's errors.go). Codes are stable: the
// headless runner, the API and webhooks expose them to outside tools.
namespace balcao::errc {

// Input from the user or an integrator.
inline constexpr char kInvalidCommand[] = "invalid-command";
inline constexpr char kInvalidNumber[] = "invalid-number";
inline constexpr char kInvalidArgument[] = "invalid-argument";
inline constexpr char kUnknownSession[] = "unknown-session";

// Bytes from the network.
inline constexpr char kFrameTooLarge[] = "frame-too-large";
inline constexpr char kMalformedNode[] = "malformed-node";
inline constexpr char kMalformedProtobuf[] = "malformed-protobuf";
inline constexpr char kHandshakeFailed[] = "handshake-failed";
inline constexpr char kServerUntrusted[] = "server-untrusted";
inline constexpr char kDecryptFailed[] = "decrypt-failed";

// Local resources.
inline constexpr char kCryptoFailed[] = "crypto-failed";
inline constexpr char kStorageFailed[] = "storage-failed";
inline constexpr char kStorageCorrupt[] = "storage-corrupt";
inline constexpr char kKeyUnavailable[] = "key-unavailable";

} // namespace balcao::errc

namespace balcao {

inline Error makeError(const char *code, QString message) {
    return Error{QString::fromLatin1(code), std::move(message)};
}

} // namespace balcao
