#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <api_key_store.h>
#include <database.h>
#include <settings/api_settings_page.h>

using namespace balcao;

// Settings → API: keys made and revoked from the page are the keys the server checks (the same store),
// the token is shown once, and only a valid address is kept.
class TestApiSettingsPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void createsAndRevokesKeys();
    void grantsAgentKeysOneSession();
    void keepsOnlyValidAddresses();

private:
    template<typename T> T *child(ApiSettingsPage &page, const char *name) {
        return page.findChild<T *>(QString::fromLatin1(name));
    }
    QTemporaryDir m_dir;
};

void TestApiSettingsPage::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("BalcaoTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_api_settings_page"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
}

void TestApiSettingsPage::createsAndRevokesKeys() {
    ApiSettingsPage page(m_dir.path());
    auto *keys = child<QTableWidget>(page, "apiKeys");
    auto *token = child<QLineEdit>(page, "apiNewKey");
    QVERIFY(keys && token);
    child<QLineEdit>(page, "apiKeyName")->setText(QStringLiteral("CRM"));
    child<QPushButton>(page, "apiCreateKey")->click();
    QTRY_VERIFY_WITH_TIMEOUT(token->text().startsWith(QLatin1String("balcao_")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(keys->rowCount(), 1, 10000);
    QCOMPARE(keys->item(0, 1)->text(), QStringLiteral("CRM"));
    QCOMPARE(keys->item(0, 2)->text(), QStringLiteral("admin"));

    // The server's store finds the shown token.
    auto database = models::Database::open(
        QDir(m_dir.path()).filePath(QStringLiteral("balcao.db")), QStringLiteral("test"));
    QVERIFY(database.has_value());
    models::ApiKeyStore store(*database);
    auto found = store.findByToken(token->text());
    QVERIFY(found.has_value() && found->has_value());
    QVERIFY(!(*found)->revoked);

    keys->selectRow(0);
    auto *revoke = child<QPushButton>(page, "apiRevokeKey");
    QVERIFY(revoke->isEnabled());
    revoke->click();
    QTRY_COMPARE_WITH_TIMEOUT(keys->item(0, 5)->text(), QStringLiteral("revoked"), 10000);
    found = store.findByToken(token->text());
    QVERIFY(found.has_value() && found->has_value());
    QVERIFY((*found)->revoked);
}

void TestApiSettingsPage::grantsAgentKeysOneSession() {
    ApiSettingsPage page(m_dir.path());
    page.setSessions(
        {{QStringLiteral("s1"), QStringLiteral("Loja")}, {QStringLiteral("s2"), QStringLiteral("Filial")}});
    auto *keys = child<QTableWidget>(page, "apiKeys");
    QTRY_VERIFY_WITH_TIMEOUT(keys->rowCount() >= 1, 10000); // the key of the previous test
    const int before = keys->rowCount();
    auto *role = child<QComboBox>(page, "apiKeyRole");
    role->setCurrentIndex(role->findData(QStringLiteral("agent")));
    auto *session = child<QComboBox>(page, "apiKeySession");
    QVERIFY(session->isEnabled());
    session->setCurrentIndex(session->findData(QStringLiteral("s2")));
    child<QPushButton>(page, "apiCreateKey")->click();
    QTRY_COMPARE_WITH_TIMEOUT(keys->rowCount(), before + 1, 10000);
    QCOMPARE(keys->item(before, 2)->text(), QStringLiteral("agent"));
    QCOMPARE(keys->item(before, 3)->text(), QStringLiteral("s2"));
}

void TestApiSettingsPage::keepsOnlyValidAddresses() {
    ApiSettingsPage page(m_dir.path());
    auto *address = child<QLineEdit>(page, "apiAddress");
    auto *error = child<QLabel>(page, "apiAddressError");
    address->setText(QStringLiteral("127.0.0.1:9100"));
    emit address->editingFinished();
    QCOMPARE(QSettings().value(QStringLiteral("api/address")).toString(), QStringLiteral("127.0.0.1:9100"));
    QVERIFY(error->text().isEmpty());
    address->setText(QStringLiteral("somewhere:port"));
    emit address->editingFinished();
    QVERIFY(!error->text().isEmpty());
    QCOMPARE(QSettings().value(QStringLiteral("api/address")).toString(), QStringLiteral("127.0.0.1:9100"));
    child<QCheckBox>(page, "apiEnabled")->setChecked(true);
    QCOMPARE(QSettings().value(QStringLiteral("api/enabled")).toBool(), true);
}

QTEST_MAIN(TestApiSettingsPage)
#include "tst_api_settings_page.moc"
