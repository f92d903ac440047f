// libFuzzer target for the headless runner's JSON command lines (session/command_json.h): what a script or an
// integrator writes on stdin. Nothing may crash it, and whatever it accepts must be within the documented
// bounds. Seeds: corpus/command_json/, one valid line of each command plus a few near misses.
#include <cstdint>
#include <cstdlib>
#include <session/command_json.h>

using namespace balcao;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArrayView line(reinterpret_cast<const char *>(data), qsizetype(size));
    auto request = parseCommandRequest(line);
    if (!request) {
        if (request.error().code.isEmpty() || request.error().message.isEmpty())
            std::abort();
        return 0;
    }
    if (line.size() > kMaxCommandLineBytes || request->requestId.size() > kMaxRequestIdLength)
        std::abort();
    if (const auto *send = std::get_if<SendCommand>(&request->command)) {
        if (send->session.isEmpty() || send->to.isEmpty() || send->id.size() > kMaxChosenMessageIdLength)
            std::abort();
    }
    if (const auto *messages = std::get_if<MessagesCommand>(&request->command)) {
        if (messages->limit < 1 || messages->limit > MessagesCommand::kMaxLimit)
            std::abort();
    }
    // The plain parser must agree with the request parser on what the command is.
    auto plain = parseCommandLine(line);
    if (!plain || plain->index() != request->command.index())
        std::abort();
    return 0;
}
