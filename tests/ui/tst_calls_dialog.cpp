#include <QCheckBox>
#include <QDialogButtonBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <ui/calls_dialog.h>

using namespace balcao;

// The sidebar's "Calls…" dialog: what staff choose is what the number keeps.
class TestCallsDialog : public QObject {
    Q_OBJECT
private slots:
    void showsTheCurrentPolicy();
    void rejectsWithAReply();
    void aReplyOnlyGoesWithRejectedCalls();
    void refusesAReplyThatIsTooLong();
};

namespace {
QPushButton *saveButton(CallsDialog &dialog) {
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
}
} // namespace

void TestCallsDialog::showsTheCurrentPolicy() {
    CallsDialog dialog(QStringLiteral("Loja"), {true, QStringLiteral("Só mensagens, por favor")});
    QVERIFY(dialog.findChild<QCheckBox *>()->isChecked());
    QCOMPARE(dialog.findChild<QPlainTextEdit *>()->toPlainText(), QStringLiteral("Só mensagens, por favor"));
    QCOMPARE(dialog.policy(), (CallPolicy {true, QStringLiteral("Só mensagens, por favor")}));
}

void TestCallsDialog::rejectsWithAReply() {
    CallsDialog dialog(QStringLiteral("Loja"), {});
    auto *reply = dialog.findChild<QPlainTextEdit *>();
    QVERIFY(!reply->isEnabled()); // nothing to send while calls ring on the phone
    dialog.findChild<QCheckBox *>()->setChecked(true);
    QVERIFY(reply->isEnabled());
    reply->setPlainText(QStringLiteral("  Não atendemos ligações; mande uma mensagem.  "));
    QCOMPARE(
        dialog.policy(), (CallPolicy {true, QStringLiteral("Não atendemos ligações; mande uma mensagem.")}));
}

void TestCallsDialog::aReplyOnlyGoesWithRejectedCalls() {
    CallsDialog dialog(QStringLiteral("Loja"), {true, QStringLiteral("oi")});
    dialog.findChild<QCheckBox *>()->setChecked(false);
    QCOMPARE(dialog.policy(), (CallPolicy {false, QString()}));
}

void TestCallsDialog::refusesAReplyThatIsTooLong() {
    CallsDialog dialog(QStringLiteral("Loja"), {true, {}});
    auto *reply = dialog.findChild<QPlainTextEdit *>();
    reply->setPlainText(QString(CallPolicy::kMaxReplyLength + 1, QLatin1Char('x')));
    QVERIFY(!saveButton(dialog)->isEnabled());
    reply->setPlainText(QString(CallPolicy::kMaxReplyLength, QLatin1Char('x')));
    QVERIFY(saveButton(dialog)->isEnabled());
}

QTEST_MAIN(TestCallsDialog)
#include "tst_calls_dialog.moc"
