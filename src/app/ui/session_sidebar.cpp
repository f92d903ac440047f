#include "session_sidebar.h"

#include "app_icon.h"
#include "calls_dialog.h"
#include "session_delegate.h"
#include "session_list_model.h"

#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace balcao {

SessionSidebar::SessionSidebar(SessionListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QListView(this))
    , m_add(new QToolButton(this)) {
    auto *title = new QLabel(tr("Numbers"), this);
    QFont font = title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    title->setFont(font);
    m_add->setText(tr("Add number"));
    m_add->setIcon(QIcon::fromTheme(QStringLiteral("list-add"), AppIcon::plus(QColor(0x1a, 0x8f, 0x4c))));
    m_add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_add->setToolTip(tr("Link another WhatsApp number (Ctrl+N)"));
    m_add->setAutoRaise(true);
    connect(m_add, &QToolButton::clicked, this, &SessionSidebar::addNumberRequested);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(12, 10, 6, 6);
    header->addWidget(title);
    header->addStretch();
    header->addWidget(m_add);

    m_view->setModel(model);
    m_view->setItemDelegate(new SessionDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setUniformItemSizes(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setAccessibleName(tr("Numbers"));
    connect(m_view, &QListView::customContextMenuRequested, this, &SessionSidebar::showMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid())
                emit currentSessionChanged(m_model->sessionAt(current.row()));
        });
    // A removed row must not leave the selection nowhere.
    connect(model, &SessionListModel::sessionRemoved, this, [this] {
        if (!m_view->currentIndex().isValid())
            select({});
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    setMinimumWidth(240);
    select({});
}

void SessionSidebar::select(const QString &session) {
    const int row = session.isEmpty() ? SessionListModel::kAllNumbersRow : m_model->rowOf(session);
    if (row < 0)
        return;
    m_view->setCurrentIndex(m_model->index(row));
}

QString SessionSidebar::currentSession() const {
    return m_model->sessionAt(m_view->currentIndex().row());
}

bool SessionSidebar::confirm(const QString &title, const QString &text, const QString &action) {
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, this);
    QPushButton *go = box.addButton(action, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == go;
}

void SessionSidebar::showMenu(const QPoint &position) {
    const QString session = m_model->sessionAt(m_view->indexAt(position).row());
    if (QMenu *menu = makeMenu(session, this)) {
        menu->exec(m_view->viewport()->mapToGlobal(position));
        delete menu;
    }
}

QMenu *SessionSidebar::makeMenu(const QString &session, QWidget *parent) {
    const SessionRow *row = m_model->session(session);
    if (!row)
        return nullptr;
    const QString name = m_model->index(m_model->rowOf(session)).data(Qt::DisplayRole).toString();
    const bool running = row->status != SessionStatus::Stopped && row->status != SessionStatus::New
        && row->status != SessionStatus::LoggedOut;

    auto *menu = new QMenu(parent);
    QAction *start = menu->addAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("Start"));
    start->setEnabled(!running && !row->jid.isEmpty());
    connect(
        start, &QAction::triggered, this, [this, session] { emit commandRequested(StartCommand {session}); });
    QAction *stop = menu->addAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")), tr("Stop"));
    stop->setEnabled(running);
    connect(
        stop, &QAction::triggered, this, [this, session] { emit commandRequested(StopCommand {session}); });
    QAction *calls = menu->addAction(QIcon::fromTheme(QStringLiteral("call-start")),
        row->calls.reject ? tr("Calls: rejected…") : tr("Calls: ring on the phone…"));
    connect(calls, &QAction::triggered, this, [this, session, name] {
        const SessionRow *current = m_model->session(session);
        if (!current)
            return;
        CallsDialog dialog(name, current->calls, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_model->applyCalls(session, dialog.policy());
        emit commandRequested(SetCallsCommand {session, dialog.policy()});
    });
    menu->addSeparator();
    QAction *logout = menu->addAction(QIcon::fromTheme(QStringLiteral("system-log-out")), tr("Log out…"));
    logout->setEnabled(!row->jid.isEmpty());
    connect(logout, &QAction::triggered, this, [this, session, name] {
        if (confirm(tr("Log out %1?").arg(name),
                tr("Balcão will unlink from %1 and forget this device's keys: the phone will list it no "
                   "longer, "
                   "and you will need a new QR code or pairing code to link it again. Chats already stored "
                   "on "
                   "this computer stay.")
                    .arg(name),
                tr("Log out")))
            emit commandRequested(LogoutCommand {session});
    });
    QAction *remove = menu->addAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("Delete…"));
    connect(remove, &QAction::triggered, this, [this, session, name] {
        if (confirm(tr("Delete %1?").arg(name),
                tr("This erases from this computer everything about %1: its link to the phone and its keys, "
                   "every chat and message stored for it, and its settings. Messages on the phone itself are "
                   "not touched. This cannot be undone.")
                    .arg(name),
                tr("Delete")))
            emit commandRequested(DeleteCommand {session});
    });
    return menu;
}

} // namespace balcao
