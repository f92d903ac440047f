#pragma once

#include <session/commands.h>

#include <QWidget>

class QListView;
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
