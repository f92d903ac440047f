#pragma once

#include "binary/jid.h"
#include "binary/node.h"
#include "result.h"
#include "signal/pre_key_bundle.h"

#include <optional>

// A recipient's request to send one of our messages again (docs/protocol.md §11.5): the retry receipt, and
// what to do about it — as whatsmeow's handleRetryReceipt and shouldRecreateSession decide, with Baileys 7's
// bound on how often one device gets one message again.
namespace balcao::retry_request {

struct RetryRequest {
    QString id; // the message asked for
    Jid device; // the asking device (the receipt's from)
    int count = 1; // which retry this is (1 = the first)
    std::optional<PreKeyBundle> keys; // from count 2 on the asker sends a fresh bundle of its own
    QString participant; // copied onto the resend, as the references do
    QString recipient;
};

// The receipt's <retry id count>, <registration> and optional <keys>; malformed-node when the retry part is
// missing or the keys are not a whole bundle.
Result<RetryRequest> parse(const Node &receipt);

// Baileys 7 resends one message to one device at most this often (maxMsgRetryCount); past it the message is
// marked failed. (whatsmeow drops requests from its tenth on; Baileys' bound is the stricter, so we keep it.)
inline constexpr int kMaxResendsPerDevice = 5;
// whatsmeow recreates a session for a retry at most once an hour per device (recreateSessionTimeout).
inline constexpr qint64 kRecreateEveryMs = 60LL * 60 * 1000;

struct Plan {
    enum class Keys { KeepSession, FromReceipt, FetchBundle };
    bool giveUp = false;
    Keys keys = Keys::KeepSession;
    QString reason; // for the log and for a give-up
};

// `resendsSoFar`: how often this message already went again to this device; `lastRecreatedMs`: when a retry
// last made a new session with it (nullopt: never).
Plan plan(const RetryRequest &request, bool hasSession, std::optional<qint64> lastRecreatedMs, qint64 nowMs,
    int resendsSoFar);

// <message id to=device type device_fanout="false" [participant] [recipient]><enc v="2" type count
// [mediatype]>…</enc> [<device-identity>]</message>: the resend goes to the asking device alone.
Node buildResend(const RetryRequest &request, const QString &type, const QString &encType,
    const QByteArray &ciphertext, const QByteArray &deviceIdentity, const QString &mediaType = {});

} // namespace balcao::retry_request
