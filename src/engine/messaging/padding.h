#pragma once

#include "errors.h"

#include <QByteArray>
#include <QByteArrayView>

// WhatsApp's padding of every Signal plaintext (docs/protocol.md §10.5). It is WhatsApp's own, applied
// on top of Signal: n bytes each of value n after the Message protobuf. Senders use 1..15 (Baileys
// writeRandomPadMax16, whatsmeow padMessage: a random nibble, 0 turned into 15); receivers accept 1..16.
namespace balcao::padding {

inline constexpr int kMaxSendPad = 15;
inline constexpr int kMaxReceivePad = 16;

// A pad length as real clients choose it: 1..15, never 16.
int randomPadLength();

// `plaintext` followed by a random pad.
QByteArray pad(QByteArrayView plaintext);

// `plaintext` followed by `length` bytes of value `length`; invalid-argument unless 1..15.
Result<QByteArray> padWith(QByteArrayView plaintext, int length);

// Strips the pad: the last byte says how many bytes to remove. invalid-padding when there is no byte, when
// it is 0 or above 16, or when it is longer than the data. The pad bytes themselves are not checked, as
// Baileys and whatsmeow do not check them either.
Result<QByteArray> unpad(QByteArrayView padded);

} // namespace balcao::padding
