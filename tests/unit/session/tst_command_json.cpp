#include <QTest>
#include <session/command_json.h>

using namespace balcao;

class TestCommandJson : public QObject {
    Q_OBJECT
private slots:
    void refusesBadLines_data();
    void refusesBadLines();
    void readsAddSession();
    void readsLinkByCode();
    void readsSend();
    void readsMessagesWithDefaults();
    void readsMessagesPaging();
    void readsSearch();
    void carriesRequestIdAndChosenMessageId();
};

void TestCommandJson::refusesBadLines_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    const QString cmd = QStringLiteral("invalid-command");
    QTest::newRow("not json") << QByteArray("hello") << cmd << "JSON";
    QTest::newRow("truncated") << QByteArray(R"({"cmd":"list")") << cmd << "JSON";
    QTest::newRow("array") << QByteArray(R"(["list"])") << cmd << "object";
    QTest::newRow("no cmd") << QByteArray(R"({"session":"s1"})") << cmd << "cmd";
    QTest::newRow("cmd not string") << QByteArray(R"({"cmd":5})") << cmd << "cmd";
    QTest::newRow("unknown cmd") << QByteArray(R"({"cmd":"fly"})") << cmd << "fly";
    QTest::newRow("add without name") << QByteArray(R"({"cmd":"add-session"})") << cmd << "name";
    QTest::newRow("add name not string") << QByteArray(R"({"cmd":"add-session","name":7})") << cmd << "name";
    QTest::newRow("add blank name") << QByteArray(R"({"cmd":"add-session","name":"  "})") << cmd << "name";
    QTest::newRow("start without session") << QByteArray(R"({"cmd":"start"})") << cmd << "session";
    QTest::newRow("session is object") << QByteArray(R"({"cmd":"stop","session":{}})") << cmd << "session";
    QTest::newRow("link bad method") << QByteArray(R"({"cmd":"link","session":"s1","method":"fax"})") << cmd
                                     << "fax";
    QTest::newRow("link code no phone")
        << QByteArray(R"({"cmd":"link","session":"s1","method":"code"})") << cmd << "phone";
    QTest::newRow("link code bad phone")
        << QByteArray(R"({"cmd":"link","session":"s1","method":"code","phone":"12ab"})")
        << QStringLiteral("invalid-number") << "12ab";
    QTest::newRow("send bad number") << QByteArray(R"({"cmd":"send","session":"s1","to":"12345","text":"x"})")
                                     << QStringLiteral("invalid-number") << "digits";
    QTest::newRow("send to group") << QByteArray(R"({"cmd":"send","session":"s1","to":"1@g.us","text":"x"})")
                                   << QStringLiteral("invalid-number") << "1:1";
    QTest::newRow("send empty text") << QByteArray(
        R"({"cmd":"send","session":"s1","to":"5511900000002","text":" "})")
                                     << QStringLiteral("invalid-argument") << "empty";
    QTest::newRow("send text number")
        << QByteArray(R"({"cmd":"send","session":"s1","to":"5511900000002","text":1})") << cmd << "text";
    QTest::newRow("messages limit 0")
        << QByteArray(R"({"cmd":"messages","session":"s1","chat":"c","limit":0})")
        << QStringLiteral("invalid-argument") << "limit";
    QTest::newRow("messages limit 201")
        << QByteArray(R"({"cmd":"messages","session":"s1","chat":"c","limit":201})")
        << QStringLiteral("invalid-argument") << "200";
    QTest::newRow("messages limit fraction")
        << QByteArray(R"({"cmd":"messages","session":"s1","chat":"c","limit":2.5})")
        << QStringLiteral("invalid-argument") << "limit";
    QTest::newRow("messages limit string")
        << QByteArray(R"({"cmd":"messages","session":"s1","chat":"c","limit":"50"})")
        << QStringLiteral("invalid-argument") << "limit";
    QTest::newRow("messages before number")
        << QByteArray(R"({"cmd":"messages","session":"s1","chat":"c","before":5})") << cmd << "before";
    QTest::newRow("requestId number") << QByteArray(R"({"cmd":"list","requestId":7})") << cmd << "requestId";
    QTest::newRow("requestId empty") << QByteArray(R"({"cmd":"list","requestId":""})") << cmd << "requestId";
    QTest::newRow("requestId too long")
        << QByteArray(R"({"cmd":"list","requestId":")" + QByteArray(65, 'r') + R"("})") << cmd << "64";
    QTest::newRow("send id with dash")
        << QByteArray(R"({"cmd":"send","session":"s1","to":"5511900000002","text":"x","id":"3EB0-1"})") << cmd
        << "id";
    QTest::newRow("send id too long") << QByteArray(
        R"({"cmd":"send","session":"s1","to":"5511900000002","text":"x","id":")" + QByteArray(65, 'A')
        + R"("})") << cmd << "64";
    QTest::newRow("search without query")
        << QByteArray(R"({"cmd":"search","session":"s1"})") << cmd << "query";
    QTest::newRow("search query number")
        << QByteArray(R"({"cmd":"search","session":"s1","query":42})") << cmd << "query";
    QTest::newRow("search only punctuation")
        << QByteArray(R"({"cmd":"search","session":"s1","query":" ?! -- "})") << cmd << "word";
    QTest::newRow("search query too long")
        << QByteArray(R"({"cmd":"search","session":"s1","query":")" + QByteArray(201, 'a') + R"("})") << cmd
        << "200";
    QTest::newRow("search limit 201")
        << QByteArray(R"({"cmd":"search","session":"s1","query":"boleto","limit":201})")
        << QStringLiteral("invalid-argument") << "limit";
    QTest::newRow("too long") << QByteArray(300 * 1024, ' ') << cmd << "longer";
}

void TestCommandJson::refusesBadLines() {
    QFETCH(QByteArray, line);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const auto result = parseCommandLine(line);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, code);
    QVERIFY2(
        result.error().message.contains(mentions, Qt::CaseInsensitive), qPrintable(result.error().message));
}

void TestCommandJson::readsAddSession() {
    const auto result = parseCommandLine(R"({"cmd":"add-session","name":" Loja Centro "})");
    QVERIFY(result.has_value());
    QCOMPARE(std::get<AddSessionCommand>(*result).name, QStringLiteral("Loja Centro"));
}

void TestCommandJson::readsLinkByCode() {
    const auto result
        = parseCommandLine(R"({"cmd":"link","session":"s1","method":"code","phone":"+55 (11) 90000-0001"})");
    QVERIFY(result.has_value());
    const auto link = std::get<LinkCommand>(*result);
    QCOMPARE(link.session, QStringLiteral("s1"));
    QCOMPARE(link.method, LinkMethod::Code);
    QCOMPARE(link.phone, QStringLiteral("5511900000001"));
}

void TestCommandJson::readsSend() {
    const auto result
        = parseCommandLine(R"({"cmd":"send","session":"s1","to":"+55 11 90000-0002","text":"Oi!"})");
    QVERIFY(result.has_value());
    const auto send = std::get<SendCommand>(*result);
    QCOMPARE(send.to, QStringLiteral("5511900000002@s.whatsapp.net"));
    QCOMPARE(send.content, textContent(QStringLiteral("Oi!")));
}

void TestCommandJson::readsMessagesWithDefaults() {
    const auto result
        = parseCommandLine(R"({"cmd":"messages","session":"s1","chat":"5511900000002@s.whatsapp.net"})");
    QVERIFY(result.has_value());
    const auto messages = std::get<MessagesCommand>(*result);
    QCOMPARE(messages.limit, 50);
    QVERIFY(messages.before.isEmpty());
}

void TestCommandJson::readsMessagesPaging() {
    const auto result
        = parseCommandLine(R"({"cmd":"messages","session":"s1","chat":"c","limit":200,"before":"3EB0AA"})");
    QVERIFY(result.has_value());
    const auto messages = std::get<MessagesCommand>(*result);
    QCOMPARE(messages.limit, 200);
    QCOMPARE(messages.before, QStringLiteral("3EB0AA"));
}

void TestCommandJson::readsSearch() {
    const auto plain = parseCommandLine(R"({"cmd":"search","session":"s1","query":"Não pagou"})");
    QVERIFY(plain.has_value());
    const auto search = std::get<SearchCommand>(*plain);
    QCOMPARE(search.session, QStringLiteral("s1"));
    QCOMPARE(search.query, QStringLiteral("Não pagou"));
    QCOMPARE(search.limit, SearchCommand::kDefaultLimit);
    const auto limited = parseCommandLine(R"({"cmd":"search","session":"s1","query":"boleto","limit":5})");
    QVERIFY(limited.has_value());
    QCOMPARE(std::get<SearchCommand>(*limited).limit, 5);
}

void TestCommandJson::carriesRequestIdAndChosenMessageId() {
    const auto plain = parseCommandRequest(R"({"cmd":"list"})");
    QVERIFY(plain.has_value());
    QVERIFY(plain->requestId.isEmpty());

    const auto request = parseCommandRequest(
        R"({"cmd":"send","session":"s1","to":"5511900000002","text":"Oi","id":"3EB0C0FFEE","requestId":"crm-42"})");
    QVERIFY2(request.has_value(), qPrintable(request ? QString() : request.error().message));
    QCOMPARE(request->requestId, QStringLiteral("crm-42"));
    const auto send = std::get<SendCommand>(request->command);
    QCOMPARE(send.id, QStringLiteral("3EB0C0FFEE"));
    QCOMPARE(send.to, QStringLiteral("5511900000002@s.whatsapp.net"));
}

QTEST_GUILESS_MAIN(TestCommandJson)
#include "tst_command_json.moc"
