#pragma once

#include <QString>
#include <api_address.h>
#include <errors.h>
#include <optional>

class QCoreApplication;

namespace balcao {

// The local API's command-line side (issue 7):
//   balcao keys create --role admin|agent [--session ID]... [--name N] [--data DIR] [--json]
//   balcao keys list [--data DIR] [--json]
//   balcao keys revoke ID [--data DIR]
// (`balcao --headless --api HOST:PORT` starts through Gateway). The keys commands work on the profile's
// database directly, so they also work while Balcão runs (the server looks keys up on every request).
bool isKeysCommand(int argc, char **argv);
int runKeysCommand(const QCoreApplication &app);

using api::ApiAddress;
using api::parseApiAddress;

// Where the window serves the API: Settings › API (QSettings "api/enabled", "api/address"), read at start-up;
// null when it is off (or its address is not valid, which is logged).
std::optional<ApiAddress> windowApiAddress();

} // namespace balcao
