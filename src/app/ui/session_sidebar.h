#pragma once

#include <QWidget>
#include <session/commands.h>

class QListView;
class QMenu;
class QToolButton;

namespace balcao {

class SessionListModel;

// The left column: "All numbers" and every number with its badge, an add button, and the context menu
// (start, stop, log out, delete — the last two after a confirmation saying what is lost). It asks for
// commands through commandRequested; it runs none itself.
class SessionSidebar : public QWidget {
    Q_OBJECT
public:
    explicit SessionSidebar(SessionListModel *model, QWidget *parent = nullptr);

    // "" selects "All numbers".
    void select(const QString &session);
    QString currentSession() const;
    QListView *view() const { return m_view; }
    // The context menu of `session` (start, stop, log out…, delete…), owned by `parent`; its actions ask for
    // their command when triggered (after a confirmation for log out and delete). Null for "All numbers".
    QMenu *makeMenu(const QString &session, QWidget *parent);

signals:
    void currentSessionChanged(const QString &session);
    void addNumberRequested();
    void commandRequested(const balcao::Command &command);

private:
    void showMenu(const QPoint &position);
    bool confirm(const QString &title, const QString &text, const QString &action);

    SessionListModel *m_model;
    QListView *m_view;
    QToolButton *m_add;
};

} // namespace balcao
