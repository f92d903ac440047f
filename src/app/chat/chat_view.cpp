#include "chat_view.h"

#include "message_delegate.h"
#include "message_list_model.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>

namespace balcao::chat {

namespace {

// How close to the top (in pixels) counts as "reached the top" for loading an older page.
constexpr int kLoadOlderMargin = 80;

} // namespace

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this)) {
    setObjectName(QStringLiteral("chatView"));
    setItemDelegate(m_delegate);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(false);
    setFrameShape(QFrame::NoFrame);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setMouseTracking(true);
    // The space above a short conversation is the view's own, outside the viewport: paint it alike.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    verticalScrollBar()->setSingleStep(24);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatView::onScrolled);
    connect(m_delegate, &MessageDelegate::retryClicked, this, &ChatView::retryWanted);
}

void ChatView::setMessages(MessageListModel *model) {
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    setModel(model);
    connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &ChatView::onRowsAboutToBeInserted);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_stickToBottom = true;
        m_keptDistance = -1;
        alignToBottom();
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ChatView::alignToBottom);
}

void ChatView::alignToBottom() {
    int content = 0;
    if (m_model && m_model->rowCount() > 0) {
        executeDelayedItemsLayout();
        const QRect first = visualRect(m_model->index(0));
        const QRect last = visualRect(m_model->index(m_model->rowCount() - 1));
        content = last.bottom() - first.top() + 1;
    }
    // The whole height the conversation could use, whatever space is kept now.
    const int available = viewport()->height() + m_topSpace;
    const int space = qMax(0, available - content);
    if (space == m_topSpace)
        return;
    m_topSpace = space;
    // Changing the margins resizes the viewport, which comes back here once and finds nothing to change.
    setViewportMargins(0, space, 0, 0);
}

int ChatView::distanceFromBottom() const {
    const QScrollBar *bar = verticalScrollBar();
    return bar->maximum() - bar->value();
}

bool ChatView::atBottom() const {
    return distanceFromBottom() <= 4;
}

void ChatView::onRowsAboutToBeInserted(const QModelIndex &, int first, int) {
    // Decide before the first rows of this turn exist: a page in front keeps the distance from the bottom
    // (so what is on screen stays put); messages at the end are followed only if the user was at the end.
    if (m_settlePending)
        return;
    m_stickToBottom = atBottom() || m_model->rowCount() == 0;
    m_keptDistance = (first == 0 && m_model->rowCount() > 0 && !m_stickToBottom) ? distanceFromBottom() : -1;
}

void ChatView::onRowsInserted(const QModelIndex &, int, int) {
    // Many rows can arrive in one turn (a flood of messages): lay out and scroll once for all of them, not
    // once per row, so the cost does not grow with the rows already shown.
    if (m_settlePending)
        return;
    m_settlePending = true;
    QMetaObject::invokeMethod(this, &ChatView::settleScroll, Qt::QueuedConnection);
}

void ChatView::settleScroll() {
    m_settlePending = false;
    if (!m_model)
        return;
    // Lay the rows out now (if not done yet) so the scroll range is right before we move.
    executeDelayedItemsLayout();
    alignToBottom();
    QScrollBar *bar = verticalScrollBar();
    if (m_keptDistance >= 0)
        bar->setValue(bar->maximum() - m_keptDistance);
    else if (m_stickToBottom)
        bar->setValue(bar->maximum());
    m_keptDistance = -1;
    // A first page shorter than the window leaves nothing to scroll: ask for more straight away.
    if (bar->maximum() == 0 && !m_model->reachedStart())
        emit olderWanted();
}

void ChatView::onScrolled(int value) {
    if (value <= kLoadOlderMargin && m_model && m_model->rowCount() > 0 && !m_model->reachedStart()
        && verticalScrollBar()->maximum() > 0)
        emit olderWanted();
}

void ChatView::resizeEvent(QResizeEvent *event) {
    const bool wasAtBottom = atBottom();
    m_delegate->setWidth(viewport()->width());
    QListView::resizeEvent(event);
    alignToBottom();
    if (wasAtBottom) {
        doItemsLayout();
        scrollToBottom();
    }
}

void ChatView::changeEvent(QEvent *event) {
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        m_delegate->clearCache();
    QListView::changeEvent(event);
}

QString ChatView::selectedText() const {
    if (!m_model)
        return {};
    QModelIndexList rows = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList texts;
    for (const QModelIndex &i : std::as_const(rows))
        texts.append(i.data(MessageListModel::TextRole).toString());
    return texts.join(QStringLiteral("\n\n"));
}

void ChatView::copySelection() {
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void ChatView::keyPressEvent(QKeyEvent *event) {
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

void ChatView::contextMenuEvent(QContextMenuEvent *event) {
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    if (!selectionModel()->isSelected(index))
        selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy"), this, &ChatView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    if (index.data(MessageListModel::FromMeRole).toBool()
        && index.data(MessageListModel::StatusRole).toInt() == int(MessageStatus::Failed)) {
        menu.addAction(tr("Retry sending"), this, [this, index] { emit retryWanted(index); });
    }
    menu.exec(event->globalPos());
}

} // namespace balcao::chat
