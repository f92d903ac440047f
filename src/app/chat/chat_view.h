#pragma once

#include <QListView>

namespace balcao::chat {

class MessageDelegate;
class MessageListModel;

// The conversation: MessageListModel through MessageDelegate in a QListView (no widget per message).
// Scrolled to the newest message when a chat opens, it stays at the bottom as messages arrive while the
// user is there; reaching the top asks for an older page, and putting that page in front keeps what the
// user was looking at still. A conversation shorter than the window sits at the bottom, by the composer.
// Ctrl+C and the context menu copy the selected messages' text.
class ChatView : public QListView {
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);

    void setMessages(MessageListModel *model);
    MessageDelegate *delegate() const { return m_delegate; }

    // Copies the selected messages (oldest first, one per paragraph) to the clipboard.
    void copySelection();
    QString selectedText() const;
    bool atBottom() const;
    // Distance of the viewport's bottom from the end of the content, in pixels.
    int distanceFromBottom() const;
    // The empty space kept above a conversation shorter than the window, in pixels.
    int bottomAlignment() const { return m_topSpace; }

signals:
    // The user scrolled to the top: time for an older page.
    void olderWanted();
    void retryWanted(const QModelIndex &index);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onScrolled(int value);
    void settleScroll();
    void alignToBottom();

    MessageListModel *m_model = nullptr;
    MessageDelegate *m_delegate;
    // While rows go in: whether to follow the bottom, or how far from the bottom to stay.
    bool m_stickToBottom = true;
    int m_keptDistance = -1;
    bool m_settlePending = false; // rows went in this event-loop turn; the scroll position follows once
    int m_topSpace = 0;
};

} // namespace balcao::chat
