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
inline constexpr char kMalformedFrame[] = "malformed-frame"; // WebSocket framing or upgrade the RFC forbids
inline constexpr char kTlsFailed[] = "tls-failed"; // the TLS layer under the WebSocket failed
inline constexpr char kMalformedNode[] = "malformed-node";
inline constexpr char kMalformedProtobuf[] = "malformed-protobuf";
inline constexpr char kMalformedContent[]
    = "malformed-content"; // a stored message content that does not decode
inline constexpr char kHandshakeFailed[] = "handshake-failed";
inline constexpr char kServerUntrusted[] = "server-untrusted";
inline constexpr char kDecryptFailed[] = "decrypt-failed";

// Local resources.
inline constexpr char kCryptoFailed[] = "crypto-failed";
inline constexpr char kStorageFailed[] = "storage-failed";
inline constexpr char kStorageCorrupt[] = "storage-corrupt";
inline constexpr char kKeyUnavailable[] = "key-unavailable";

// The connection to the server.
inline constexpr char kConnectionFailed[] = "connection-failed"; // could not connect, or the socket failed
inline constexpr char kConnectionClosed[] = "connection-closed"; // the server closed the connection
inline constexpr char kStreamError[] = "stream-error"; // the server ended the stream with an error code
inline constexpr char kServerRefused[] = "server-refused"; // the server answered a request with an iq error
inline constexpr char kTimeout[] = "timeout"; // no answer in time (iq, keepalive)
inline constexpr char kNotConnected[] = "not-connected"; // the session has no live connection
inline constexpr char kLoggedOut[] = "logged-out"; // the phone removed this device
inline constexpr char kReplaced[] = "replaced"; // another connection took over this device
inline constexpr char kAlreadyLinked[] = "already-linked"; // link asked for a session that is linked
inline constexpr char kNotLinked[] = "not-linked"; // the session has no linked device yet
inline constexpr char kNotOnWhatsApp[] = "not-on-whatsapp"; // a number no WhatsApp account has, in any form
inline constexpr char kUnsupported[] = "unsupported"; // asked of a feature this build does not have
// Login failures the user has to act on (whatsmeow's ConnectFailureReason); none is retried in a loop.
inline constexpr char kClientOutdated[]
    = "client-outdated"; // 405: the WhatsApp Web version we announce is retired
inline constexpr char kTemporarilyBanned[] = "temporarily-banned"; // 402: the number is banned for a while
inline constexpr char kBadUserAgent[] = "bad-user-agent"; // 409: the server refused how we present ourselves
inline constexpr char kLoginRefused[] = "login-refused"; // 501 and other failures with no known remedy

// Signal messages, prekeys and device lists (messaging).
inline constexpr char kInvalidPadding[] = "invalid-padding"; // a decrypted plaintext's WhatsApp pad is wrong
inline constexpr char kDuplicateMessage[]
    = "duplicate-message"; // a Signal message that was already decrypted
inline constexpr char kInvalidMessage[] = "invalid-message"; // a Signal message that fails its MAC or parse
inline constexpr char kNoSession[] = "no-session"; // a msg from a device we hold no session with
inline constexpr char kInvalidKeyId[] = "invalid-key-id"; // a pkmsg names a prekey we do not hold
inline constexpr char kUntrustedIdentity[]
    = "untrusted-identity"; // the store refused a device's identity key
inline constexpr char kInvalidBundle[] = "invalid-bundle"; // bad keys or signed-prekey signature
inline constexpr char kBundleUnavailable[]
    = "bundle-unavailable"; // the server has no prekey bundle for a device
inline constexpr char kDeviceListUnavailable[] = "device-list-unavailable"; // usync answered with an error
inline constexpr char kRetriesExhausted[]
    = "retries-exhausted"; // a device kept asking for a message again: it is marked failed

// Media files (src/engine/media, docs/protocol.md §13).
inline constexpr char kMediaExpired[]
    = "media-expired"; // the media host no longer has the file: ask the sender's phone (media retry)
inline constexpr char kMediaDamaged[]
    = "media-damaged"; // the file fails its MAC or hash: never shown; downloading again may help
inline constexpr char kMediaTransferFailed[]
    = "media-transfer-failed"; // the media host could not be reached or answered with an error
inline constexpr char kMediaTooLarge[] = "media-too-large"; // over WhatsApp's limit for that kind of file
inline constexpr char kMediaNotDownloaded[] = "media-not-downloaded"; // the file is not on this computer yet
inline constexpr char kNotMedia[] = "not-media"; // the message carries no file

// Stored messages and chats (messaging/stored_message.h).
inline constexpr char kUnknownChat[] = "unknown-chat"; // the session has no message in that chat
inline constexpr char kUnknownMessage[] = "unknown-message"; // no message with that id in the chat
inline constexpr char kMessageExists[] = "message-exists"; // an outgoing message id already taken in the chat

// Dashboard widgets (src/app).
inline constexpr char kQrTooLong[] = "qr-too-long"; // the text does not fit in the largest QR code

// The local HTTP API (src/api). Each maps to one HTTP status (api/api_errors.cpp).
inline constexpr char kInvalidJson[] = "invalid-json"; // a body that is not a JSON object (400)
inline constexpr char kInvalidPath[] = "invalid-path"; // ".." segments, bad escapes, control chars (400)
inline constexpr char kUriTooLong[] = "uri-too-long"; // the request target is too long (414)
inline constexpr char kBodyTooLarge[] = "body-too-large"; // the body is over the limit (413)
inline constexpr char kHeadersTooLarge[] = "headers-too-large"; // the header block is over the limit (431)
inline constexpr char kUnsupportedMediaType[] = "unsupported-media-type"; // a body that is not JSON (415)
inline constexpr char kBadHost[] = "bad-host"; // Host or Origin not this server's (421/403)
inline constexpr char kUnauthorized[] = "unauthorized"; // no key, or an unknown or revoked one (401)
inline constexpr char kForbidden[] = "forbidden"; // the key's role or sessions do not allow it (403)
inline constexpr char kRateLimited[] = "rate-limited"; // the key's request budget is spent (429)
inline constexpr char kNotFound[] = "not-found"; // no such route or resource (404)
inline constexpr char kMethodNotAllowed[] = "method-not-allowed"; // the route exists for other methods (405)
inline constexpr char kQrNotPending[] = "qr-not-pending"; // no QR code is being shown (404)
inline constexpr char kQrExpired[] = "qr-expired"; // the last QR code expired (410)
inline constexpr char kUnknownKey[] = "unknown-key"; // no API key with that id (404)

// The profile's database (src/models/database.h): what the user can act on, beside storage-failed/-corrupt.
inline constexpr char kStorageFull[] = "storage-full"; // the disk is full: free space, nothing is lost
inline constexpr char kStorageReadOnly[]
    = "storage-read-only"; // the data folder or database cannot be written

} // namespace balcao::errc

namespace balcao {

inline Error makeError(const char *code, QString message) {
    return Error {QString::fromLatin1(code), std::move(message)};
}

} // namespace balcao
