#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <api_context.h>
#include <memory_webhook_store.h>
#include <router.h>
#include <webhook_routes.h>
#include <webhook_service.h>

using namespace balcao::api;

// The OpenAPI document served at /openapi.json matches the router: every route is documented with its
// method, path parameters and whether it needs a key, and the document names no route that does not exist.
class TestApiOpenApi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void documentsEveryRoute();
    void documentsNoMissingRoute();
    void documentsPathParameters();
    void documentsWhoMayCall();

private:
    QJsonObject operation(const Router::Route &route) const;
    QJsonObject m_doc;
    Router m_router;
};

namespace {
QString key(const QString &method, const QString &path) {
    return method.toLower() + QLatin1Char(' ') + path;
}
} // namespace

void TestApiOpenApi::initTestCase() {
    QFile file(QStringLiteral(":/balcao/api/openapi.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error {};
    m_doc = QJsonDocument::fromJson(file.readAll(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(m_doc.value("openapi").toString().startsWith("3."));
    // Handlers are not run here: the routes only need to be installed.
    ApiContext context;
    installCoreRoutes(m_router, context);
    // The webhook routes (hooks) are in the document too; their service is never started here.
    static balcao::webhooks::WebhookService hooks({}, [] {
        return balcao::Result<std::unique_ptr<balcao::webhooks::WebhookStore>>(
            std::make_unique<balcao::webhooks::MemoryWebhookStore>());
    });
    installWebhookRoutes(m_router, context, hooks);
    QVERIFY(m_router.routes().size() >= 18);
}

QJsonObject TestApiOpenApi::operation(const Router::Route &route) const {
    return m_doc.value("paths")
        .toObject()
        .value(route.pattern)
        .toObject()
        .value(methodName(route.method).toLower())
        .toObject();
}

void TestApiOpenApi::documentsEveryRoute() {
    QStringList missing;
    for (const Router::Route &route : m_router.routes()) {
        if (operation(route).isEmpty())
            missing.append(key(methodName(route.method), route.pattern));
    }
    QCOMPARE(missing, QStringList());
}

void TestApiOpenApi::documentsNoMissingRoute() {
    QSet<QString> routes;
    for (const Router::Route &route : m_router.routes())
        routes.insert(key(methodName(route.method), route.pattern));
    QStringList extra;
    const QJsonObject paths = m_doc.value("paths").toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            if (QStringList {"get", "post", "put", "patch", "delete"}.contains(op.key())
                && !routes.contains(key(op.key(), path.key())))
                extra.append(key(op.key(), path.key()));
        }
    }
    QCOMPARE(extra, QStringList());
}

void TestApiOpenApi::documentsPathParameters() {
    const QJsonObject shared = m_doc.value("components").toObject().value("parameters").toObject();
    for (const Router::Route &route : m_router.routes()) {
        QStringList expected;
        for (const QString &part : route.parts) {
            if (part.startsWith('{'))
                expected.append(part.mid(1, part.size() - 2));
        }
        QStringList documented;
        for (const QJsonValue &value : operation(route).value("parameters").toArray()) {
            QJsonObject parameter = value.toObject();
            if (parameter.contains("$ref"))
                parameter = shared.value(parameter.value("$ref").toString().section('/', -1)).toObject();
            if (parameter.value("in").toString() == QLatin1String("path"))
                documented.append(parameter.value("name").toString());
        }
        QVERIFY2(documented == expected, qPrintable(route.pattern + ": " + documented.join(',')));
    }
}

void TestApiOpenApi::documentsWhoMayCall() {
    for (const Router::Route &route : m_router.routes()) {
        const QJsonObject op = operation(route);
        const bool open = op.contains("security") && op.value("security").toArray().isEmpty();
        QVERIFY2(open == (route.access == Access::Public), qPrintable(route.pattern));
        if (route.access != Access::Public) {
            const QJsonObject responses = op.value("responses").toObject();
            QVERIFY2(responses.contains("401") && responses.contains("403") && responses.contains("429"),
                qPrintable(route.pattern));
        }
    }
}

QTEST_GUILESS_MAIN(TestApiOpenApi)
#include "tst_api_openapi.moc"
