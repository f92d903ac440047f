#include <QTcpSocket>
#include <QTest>
#include <http_server.h>

using namespace balcao::api;

// The event hub's backpressure: a stream client that stops reading is dropped once its queue is full,
// and the clients that keep reading get every event, in order.
class TestApiStreams : public QObject {
    Q_OBJECT
private slots:
    void dropsClientsThatStopReading();
};

namespace {

QTcpSocket *openStream(quint16 port, QObject *parent, bool slow) {
    auto *socket = new QTcpSocket(parent);
    if (slow)
        socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket->waitForConnected(5000))
        return nullptr;
    socket->write("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    socket->waitForBytesWritten(5000);
    return socket;
}

} // namespace

void TestApiStreams::dropsClientsThatStopReading() {
    HttpServer::Limits limits;
    limits.maxQueuedBytes = 256 * 1024;
    HttpServer server(limits, [](Request, Responder respond) {
        Response response;
        response.kind = ResponseKind::EventStream;
        response.stream.allSessions = true;
        respond.send(response);
    });
    const auto port = server.listen(QStringLiteral("127.0.0.1"), 0);
    QVERIFY(port.has_value());
    QTcpSocket *slow = openStream(*port, this, true);
    QTcpSocket *fast = openStream(*port, this, false);
    QVERIFY(slow && fast);
    QTRY_COMPARE_WITH_TIMEOUT(server.streamClients(), 2, 5000);

    // 4,000 events of 8 KiB (32 MiB): far more than the kernel buffers of the client that never reads.
    const QByteArray payload = "{\"event\":\"status\",\"pad\":\"" + QByteArray(8192, 'x') + "\",\"n\":";
    QByteArray received;
    int nextExpected = 0;
    for (int batch = 0; batch < 400; ++batch) {
        for (int i = 0; i < 10; ++i)
            server.publish(QStringLiteral("s1"), payload + QByteArray::number(batch * 10 + i) + "}");
        // The fast client reads this batch before the next is sent.
        QDeadlineTimer deadline(10000);
        while (nextExpected < (batch + 1) * 10 && !deadline.hasExpired()) {
            fast->waitForReadyRead(50);
            received += fast->readAll();
            qsizetype end;
            while ((end = received.indexOf("\n\n")) >= 0) {
                const QByteArray event = received.left(end);
                received.remove(0, end + 2);
                if (!event.startsWith("data: "))
                    continue;
                const int n = event.mid(event.lastIndexOf(':') + 1).chopped(1).toInt();
                QCOMPARE(n, nextExpected); // in order, none lost
                ++nextExpected;
            }
        }
        QCOMPARE(nextExpected, (batch + 1) * 10);
        if (server.droppedClients() == 1)
            break;
    }
    QCOMPARE(server.droppedClients(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(server.streamClients(), 1, 5000);
    // The fast client is still served.
    server.publish(QStringLiteral("s1"), "{\"event\":\"status\",\"n\":-1}");
    QTRY_VERIFY_WITH_TIMEOUT((received += fast->readAll()).contains("\"n\":-1"), 5000);
}

QTEST_GUILESS_MAIN(TestApiStreams)
#include "tst_api_streams.moc"
