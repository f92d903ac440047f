#include "server_notice.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace balcao {

std::optional<ServerNotice> ServerNotice::of(const SessionRow &row, qint64 nowMs) {
    if (row.status != SessionStatus::Stopped || row.code.isEmpty())
        return std::nullopt;
    ServerNotice notice;
    notice.text = row.reason;
    if (row.code == QLatin1String("client-outdated")) {
        notice.title = ServerNoticeBanner::tr("WhatsApp says this version is outdated");
        notice.advice = ServerNoticeBanner::tr(
            "Update Balcão to its latest release. Until then, an administrator can start Balcão with "
            "--wa-version set to the version web.whatsapp.com runs today.");
    } else if (row.code == QLatin1String("temporarily-banned")) {
        notice.title = ServerNoticeBanner::tr("WhatsApp has banned this number for a while");
        const qint64 left = row.untilMs - nowMs;
        notice.advice = left > 0
            ? ServerNoticeBanner::tr("The ban ends %1 (in about %n hour(s)). Trying before then only "
                                     "prolongs it.",
                nullptr, int((left + 3'599'999) / 3'600'000))
                  .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.untilMs), QLocale::ShortFormat))
            : ServerNoticeBanner::tr("The ban should be over: try again.");
    } else if (row.code == QLatin1String("bad-user-agent")) {
        notice.title = ServerNoticeBanner::tr("WhatsApp refused how Balcão presents itself");
        notice.advice = ServerNoticeBanner::tr("Update Balcão to its latest release.");
    } else {
        notice.title = ServerNoticeBanner::tr("WhatsApp refused to connect this number");
        notice.advice = ServerNoticeBanner::tr("Try again later; update Balcão if it keeps happening.");
    }
    return notice;
}

ServerNoticeBanner::ServerNoticeBanner(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
    , m_advice(new QLabel(this))
    , m_retry(new QPushButton(tr("Try again"), this)) {
    setObjectName(QStringLiteral("serverNotice"));
    // Amber on both palettes: a warning the user can act on, not a failure of the app.
    setStyleSheet(
        QStringLiteral("#serverNotice { background: #fff4d6; border: 1px solid #e0a800; border-radius: 6px; }"
                       "#serverNotice QLabel { color: #3d2e00; }"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    for (QLabel *label : {m_text, m_advice}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    auto *texts = new QVBoxLayout;
    texts->addWidget(m_title);
    texts->addWidget(m_text);
    texts->addWidget(m_advice);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->addLayout(texts, 1);
    layout->addWidget(m_retry, 0, Qt::AlignTop);
    connect(m_retry, &QPushButton::clicked, this, [this] { emit retryRequested(m_session); });
    hide();
}

void ServerNoticeBanner::showFor(const SessionRow *row, qint64 nowMs) {
    const auto notice = row ? ServerNotice::of(*row, nowMs) : std::nullopt;
    if (!notice) {
        m_session.clear();
        hide();
        return;
    }
    m_session = row->id;
    m_title->setText(notice->title);
    m_text->setText(notice->text);
    m_advice->setText(notice->advice);
    setVisible(true);
}

} // namespace balcao
