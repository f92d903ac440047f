#pragma once

#include "commands.h"
#include "errors.h"

#include <QByteArrayView>

namespace balcao {

// Reads one JSON command as the headless runner receives it on stdin:
// {"cmd":"send","session":"s1","to":"+55 11 90000-0002","text":"Oi"}. Anything malformed, of the wrong
// type or out of range is an invalid-command / invalid-number / invalid-argument Error naming the problem.
Result<Command> parseCommandLine(QByteArrayView line);

// A command with the caller's optional "requestId" (a string of at most 64 characters), which the answer
// carries back: in query replies, in the error a failed command causes and in the add-session event.
struct CommandRequest {
    Command command;
    QString requestId;
};
Result<CommandRequest> parseCommandRequest(QByteArrayView line);

inline constexpr qsizetype kMaxRequestIdLength = 64;
inline constexpr qsizetype kMaxChosenMessageIdLength = 64; // a caller-chosen id for "send"

// Why `query` cannot be searched (too long, or no word in it), naming it as `field`; empty when it can.
// The headless command and the API both check a search this way, each with its own error code.
QString searchQueryProblem(const QString &query, const QString &field);

// The longest command line accepted; longer input is refused before it is parsed.
inline constexpr qsizetype kMaxCommandLineBytes = 256 * 1024;

} // namespace balcao
