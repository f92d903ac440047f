// The API's multipart/form-data reader (issue 17): the fields and the file of a form as curl and browsers
// send it, however the body is cut, and a clear refusal of every malformed form.
#include <QTest>
#include <multipart_reader.h>

using namespace balcao;
using namespace balcao::api;

namespace {

struct Read {
    bool ok = false;
    QString error;
    QStringList parts; // "name|fileName|content"
};

Read readForm(const QByteArray &boundary, const QByteArray &body, qsizetype piece) {
    Read read;
    QString current;
    MultipartReader reader(boundary,
        {[&](const MultipartReader::Part &part) {
             current = part.name + u'|' + part.fileName + u'|';
             return Result<void>();
         },
            [&](QByteArrayView bytes) {
                current += QString::fromUtf8(bytes);
                return Result<void>();
            },
            [&] {
                read.parts.append(current);
                return Result<void>();
            }});
    Result<void> fed;
    for (qsizetype at = 0; fed && at < body.size(); at += piece)
        fed = reader.feed(QByteArrayView(body).sliced(at, std::min(piece, body.size() - at)));
    if (fed)
        fed = reader.finish();
    read.ok = bool(fed);
    if (!fed)
        read.error = fed.error().message;
    return read;
}

const QByteArray kForm
    = "--XyZ\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+55 11 90000-0002\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Boleto mar\xc3\xa7o.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n-- --XyZ inside\r\n--XyZ--\r\nepilogue";

} // namespace

class TestMultipart : public QObject {
    Q_OBJECT
private slots:
    void readsAFormInAnyPieces() {
        const QStringList expected {QStringLiteral("to||+55 11 90000-0002"),
            QStringLiteral("file|Boleto março.pdf|%PDF-1.4\r\n-- --XyZ inside")};
        for (qsizetype piece : {1, 2, 3, 7, 64, 10000}) {
            const Read read = readForm("XyZ", kForm, piece);
            QVERIFY2(read.ok, qPrintable(read.error));
            QCOMPARE(read.parts, expected);
        }
    }

    void findsTheBoundary() {
        QCOMPARE(MultipartReader::boundaryOf("multipart/form-data; boundary=----abc").value(),
            QByteArray("----abc"));
        QCOMPARE(MultipartReader::boundaryOf("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").value(),
            QByteArray("a b"));
        QVERIFY(!MultipartReader::boundaryOf("application/json"));
        QVERIFY(!MultipartReader::boundaryOf("multipart/form-data"));
        QVERIFY(!MultipartReader::boundaryOf("multipart/form-data; boundary=" + QByteArray(71, 'x')));
    }

    void refusesMalformedForms_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("no closing delimiter")
            << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx");
        QTest::newRow("no field name")
            << QByteArray("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--");
        QTest::newRow("not form-data")
            << QByteArray("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--");
        QTest::newRow("headers never end") << QByteArray("--XyZ\r\nX: " + QByteArray(9000, 'a'));
        QTest::newRow("garbage after delimiter") << QByteArray("--XyZgarbage");
        QTest::newRow("empty") << QByteArray();
    }
    void refusesMalformedForms() {
        QFETCH(QByteArray, body);
        const Read read = readForm("XyZ", body, 5);
        QVERIFY(!read.ok);
        QVERIFY(!read.error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMultipart)
#include "tst_multipart.moc"
