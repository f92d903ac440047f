// libFuzzer target for what media brings in from outside (issue 17): the media host's HTTP answers (cut into
// the pieces a socket delivers: the same bytes must read the same however they are cut), multipart/form-data
// uploads to the API, encrypted files (a body that is not ours must be refused as damaged, never decrypted
// into something shown), the host's upload answer, and contact cards. The first byte picks the reader.
#include "fuzz_chunks.h"

#include <QJsonDocument>
#include <cstdint>
#include <cstdlib>
#include <media/media_cipher.h>
#include <media/media_upload.h>
#include <messaging/vcard.h>
#include <multipart_reader.h>
#include <transport/http_response_reader.h>

using namespace balcao;

namespace {

// Reads `input` once whole and once in pieces; both must agree.
void httpAnswer(QByteArrayView input) {
    const auto readAll = [](QByteArrayView bytes, bool pieces) {
        int status = 0;
        QByteArray body;
        HttpResponseReader reader({[&](const HttpResponseHead &head) {
                                       if (head.status < 100 || head.status > 599)
                                           std::abort();
                                       status = head.status;
                                       return Result<void>();
                                   },
            [&](QByteArrayView b) {
                body += b.toByteArray();
                return Result<void>();
            }});
        Result<void> fed;
        if (pieces) {
            for (QByteArrayView rest = bytes; fed && !rest.isEmpty();)
                fed = reader.feed(fuzz::takeChunk(rest));
        } else {
            QByteArrayView rest = bytes;
            QByteArray whole;
            while (!rest.isEmpty())
                whole += fuzz::takeChunk(rest).toByteArray();
            fed = reader.feed(whole);
        }
        const bool ok = fed && reader.closed();
        return std::tuple {ok, status, ok ? body : QByteArray()};
    };
    if (readAll(input, true) != readAll(input, false))
        std::abort();
}

void multipart(QByteArrayView input) {
    const auto readAll = [](QByteArrayView bytes, bool pieces) {
        QByteArray parts;
        api::MultipartReader reader("b0und",
            {[&](const api::MultipartReader::Part &part) {
                 if (part.name.isEmpty())
                     std::abort();
                 parts += "[" + part.name.toUtf8() + "]";
                 return Result<void>();
             },
                [&](QByteArrayView b) {
                    parts += b.toByteArray();
                    return Result<void>();
                },
                [&] {
                    parts += "|";
                    return Result<void>();
                }});
        Result<void> fed;
        QByteArrayView rest = bytes;
        if (pieces) {
            while (fed && !rest.isEmpty())
                fed = reader.feed(fuzz::takeChunk(rest));
        } else {
            QByteArray whole;
            while (!rest.isEmpty())
                whole += fuzz::takeChunk(rest).toByteArray();
            fed = reader.feed(whole);
        }
        const bool ok = fed && reader.finish();
        return std::pair {ok, ok ? parts : QByteArray()};
    };
    if (readAll(input, true) != readAll(input, false))
        std::abort();
}

void encryptedFile(QByteArrayView input) {
    static const QByteArray key(kMediaKeySize, '\x42');
    auto decryptor = MediaDecryptor::create(key, MediaClass::Image, {});
    if (!decryptor)
        std::abort();
    Result<QByteArray> step = QByteArray();
    for (QByteArrayView rest = input; step && !rest.isEmpty();)
        step = (*decryptor)->update(fuzz::takeChunk(rest));
    if (!step)
        return;
    // Random bytes pass a 10-byte MAC once in 2^80: a success here is a broken check.
    if ((*decryptor)->finish())
        std::abort();
}

void uploadAnswer(QByteArrayView input) {
    const auto answer = parseUploadAnswer(input.toByteArray());
    if (answer && !answer->second.startsWith(u'/'))
        std::abort();
}

void contactCard(QByteArrayView input) {
    const vcard::Card card = vcard::read(QString::fromUtf8(input));
    if (card.numbers.size() > vcard::kMaxNumbers)
        std::abort();
    for (const vcard::Number &n : card.numbers) {
        for (const QChar c : n.waid) {
            if (!c.isDigit())
                std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 5) {
    case 0:
        httpAnswer(input);
        break;
    case 1:
        multipart(input);
        break;
    case 2:
        encryptedFile(input);
        break;
    case 3:
        uploadAnswer(input);
        break;
    default:
        contactCard(input);
        break;
    }
    return 0;
}
