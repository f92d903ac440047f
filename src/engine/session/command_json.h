#pragma once

#include "commands.h"
#include "errors.h"

#include <QByteArrayView>

namespace balcao {

// Reads one JSON command as the headless runner receives it on stdin:
// {"cmd":"send","session":"s1","to":"+55 11 90000-0002","text":"Oi"}. Anything malformed, of the wrong
// type or out of range is an invalid-command / invalid-number / invalid-argument Error naming the problem.
Result<Command> parseCommandLine(QByteArrayView line);

// The longest command line accepted; longer input is refused before it is parsed.
inline constexpr qsizetype kMaxCommandLineBytes = 256 * 1024;

} // namespace balcao
