// The decoder on hostile bytes: tens of thousands of mutations of the golden vectors (fixed seed, so a
// failure reproduces) must never crash, hang or read out of bounds — run it under BALCAO_SANITIZE (ASan +
// UBSan) too. Every rejection must be a malformed-node error, and whatever decodes must encode again.
#include "binary/node_decoder.h"
#include "binary/node_encoder.h"
#include "binary_vectors.h"

#include <QRandomGenerator>
#include <QTest>

using namespace balcao;
using namespace balcao::testing;

namespace {

constexpr int kMutations = 100000;
constexpr quint32 kSeed = 0xba1ca0;

// Bytes that steer the decoder into its interesting branches.
const quint8 kInteresting[] = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xec, 0xef, 0xf0, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
    0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};

QByteArray mutate(QByteArray bytes, QRandomGenerator &random) {
    const int edits = 1 + int(random.bounded(4));
    for (int e = 0; e < edits; ++e) {
        const qsizetype size = bytes.size();
        const qsizetype at = size > 0 ? qsizetype(random.bounded(quint32(size))) : 0;
        switch (random.bounded(7)) {
        case 0: // flip one bit
            if (size > 0) {
                bytes[at] = char(bytes[at] ^ (1 << random.bounded(8)));
            }
            break;
        case 1: // random byte
            if (size > 0) {
                bytes[at] = char(random.bounded(256));
            }
            break;
        case 2: // an interesting byte
            if (size > 0) {
                bytes[at] = char(kInteresting[random.bounded(int(std::size(kInteresting)))]);
            }
            break;
        case 3: // insert a byte
            bytes.insert(at, char(random.bounded(256)));
            break;
        case 4: // delete a run
            bytes.remove(at, 1 + qsizetype(random.bounded(8)));
            break;
        case 5: // truncate
            bytes.truncate(at);
            break;
        default: // duplicate a run
            bytes.insert(at, bytes.mid(at, 1 + qsizetype(random.bounded(16))));
            break;
        }
    }
    return bytes;
}

} // namespace

class TestBinaryRobustness : public QObject {
    Q_OBJECT

private slots:
    void survivesMutatedVectors();
};

void TestBinaryRobustness::survivesMutatedVectors() {
    QList<QByteArray> seeds;
    for (TokenTableVersion version : {TokenTableVersion::V2, TokenTableVersion::V3}) {
        const QJsonObject file = loadVectorFile(version);
        for (const QJsonValue &vector : file.value(QLatin1String("vectors")).toArray()) {
            const QJsonValue hex = vector[QLatin1String("encoded")][QLatin1String("hex")];
            if (hex.isString() && hex.toString().size() <= 2 * 2048) {
                seeds.append(hexBytes(hex));
            }
        }
        for (const QJsonValue &vector : file.value(QLatin1String("decodeOnly")).toArray()) {
            seeds.append(hexBytes(vector[QLatin1String("hex")]));
        }
    }
    QVERIFY(seeds.size() > 400);

    const NodeDecoder decoders[] = {NodeDecoder(TokenTableVersion::V2), NodeDecoder(TokenTableVersion::V3)};
    const NodeEncoder encoders[] = {NodeEncoder(TokenTableVersion::V2), NodeEncoder(TokenTableVersion::V3)};
    QRandomGenerator random(kSeed);
    int accepted = 0;
    for (int i = 0; i < kMutations; ++i) {
        const QByteArray input = mutate(seeds[random.bounded(int(seeds.size()))], random);
        for (int v = 0; v < 2; ++v) {
            const Result<Node> decoded = decoders[v].decode(input);
            if (!decoded) {
                QCOMPARE(decoded.error().code, QString::fromLatin1(errc::kMalformedNode));
                continue;
            }
            ++accepted;
            // Anything we read, we can write (a decoded tag is never empty, lists stay under 65536).
            const Result<QByteArray> encoded = encoders[v].encode(*decoded);
            QVERIFY2(encoded,
                qPrintable(QStringLiteral("mutation %1: %2").arg(i).arg(QString::fromLatin1(input.toHex()))));
            QVERIFY(!decoded->toString().isEmpty());
        }
    }
    // The mutations must exercise both outcomes, or the test proves little.
    QVERIFY2(accepted > kMutations / 20, qPrintable(QString::number(accepted)));
    QVERIFY2(accepted < 2 * kMutations - kMutations / 20, qPrintable(QString::number(accepted)));
    qInfo("%d mutations, %d decodes accepted", kMutations, accepted);
}

QTEST_GUILESS_MAIN(TestBinaryRobustness)
#include "tst_binary_robustness.moc"
