#include "chat_pane.h"

#include "attach_controls.h"
#include "chat_controller.h"
#include "chat_list_delegate.h"
#include "chat_list_filter.h"
#include "chat_list_model.h"
#include "chat_palette.h"
#include "chat_view.h"
#include "composer.h"
#include "message_delegate.h"
#include "message_format.h"
#include "message_list_model.h"

#include <QDesktopServices>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <voice/voice_player.h>
#include <voice/voice_recorder.h>

namespace balcao {

using namespace chat;

ChatPane::ChatPane(SessionClient *client, QWidget *parent)
    : QWidget(parent)
    , m_controller(new ChatController(client, this))
    , m_listDelegate(new ChatListDelegate(this))
    , m_search(new QLineEdit(this))
    , m_chatList(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_emptyState(new QLabel(this))
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_chatView(new ChatView(this))
    , m_composer(new Composer(this)) {
    setObjectName(QStringLiteral("chatPane"));

    m_search->setObjectName(QStringLiteral("chatSearch"));
    m_search->setPlaceholderText(tr("Search name, number or message"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_controller, &ChatController::setSearchText);

    m_chatList->setObjectName(QStringLiteral("chatList"));
    m_chatList->setModel(m_controller->chatFilter());
    m_chatList->setItemDelegate(m_listDelegate);
    m_chatList->setUniformItemSizes(true);
    m_chatList->setFrameShape(QFrame::NoFrame);
    m_chatList->setMouseTracking(true);
    m_chatList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_chatList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_chatList->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    connect(m_chatList, &QListView::activated, this, [this](const QModelIndex &index) {
        openChat(index.data(ChatListModel::SessionRole).toString(),
            index.data(ChatListModel::ChatRole).toString());
    });
    connect(m_chatList, &QListView::clicked, this, [this](const QModelIndex &index) {
        openChat(index.data(ChatListModel::SessionRole).toString(),
            index.data(ChatListModel::ChatRole).toString());
    });

    auto *listPanel = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listPanel);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    auto *searchRow = new QVBoxLayout;
    searchRow->setContentsMargins(8, 8, 8, 8);
    searchRow->addWidget(m_search);
    listLayout->addLayout(searchRow);
    listLayout->addWidget(m_chatList, 1);

    m_emptyState->setObjectName(QStringLiteral("chatEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setText(tr("Choose a chat on the left to read and reply."));

    auto *conversation = new QWidget(this);
    auto *conversationLayout = new QVBoxLayout(conversation);
    conversationLayout->setContentsMargins(0, 0, 0, 0);
    conversationLayout->setSpacing(0);
    auto *header = new QWidget(conversation);
    header->setObjectName(QStringLiteral("chatHeader"));
    auto *headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(14, 8, 14, 8);
    headerLayout->setSpacing(1);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("chatTitle"));
    m_subtitle->setObjectName(QStringLiteral("chatSubtitle"));
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    headerLayout->addWidget(m_title);
    headerLayout->addWidget(m_subtitle);
    conversationLayout->addWidget(header);
    conversationLayout->addWidget(m_chatView, 1);
    conversationLayout->addWidget(m_composer);
    m_chatView->setMessages(m_controller->messages());

    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(conversation);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("chatSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(listPanel);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 640});
    listPanel->setMinimumWidth(240);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    m_chatView->viewport()->setAutoFillBackground(true);
    m_chatView->viewport()->setBackgroundRole(QPalette::Base);
    applyPalette();
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);

    connect(m_controller, &ChatController::chatOpened, this, &ChatPane::onChatOpened);
    connect(m_controller, &ChatController::sendingStateChanged, this, &ChatPane::updateComposer);
    connect(m_chatView, &ChatView::olderWanted, m_controller, &ChatController::loadOlder);
    connect(m_chatView, &ChatView::retryWanted, this,
        [this](const QModelIndex &index) { m_controller->retry(index.row()); });
    connect(m_composer, &Composer::sendRequested, m_controller, &ChatController::send);
    connect(m_composer, &Composer::fileChosen, m_controller, &ChatController::sendFile);
    connect(m_chatView->delegate(), &MessageDelegate::mediaClicked, this,
        [this](const QModelIndex &index) { m_controller->openMedia(index.row()); });
    connect(m_controller, &ChatController::openUrlWanted, this,
        [](const QUrl &url) { QDesktopServices::openUrl(url); });
    // Voice notes: played here, recorded from the default microphone.
    auto *player = new voice::VoicePlayer(new voice::SpeakerOutput(this), this);
    m_controller->setVoicePlayer(player);
    m_composer->attachments()->setRecorder(new voice::VoiceRecorder(
        new voice::MicrophoneInput(this), QDir::tempPath() + QStringLiteral("/balcao-recordings"), this));
    connect(m_controller->chats(), &QAbstractItemModel::dataChanged, this, &ChatPane::updateHeader);
    updateComposer();
}

void ChatPane::showSession(const QString &session) {
    m_listDelegate->setShowSession(session.isEmpty());
    m_controller->showSession(session);
    m_chatList->viewport()->update();
}

void ChatPane::openChat(const QString &session, const QString &chat) {
    if (session == m_controller->openSession() && chat == m_controller->openChatJid()) {
        m_composer->editor()->setFocus();
        return;
    }
    m_controller->openChat(session, chat);
}

void ChatPane::setSessionStatus(const QString &session, SessionStatus status, const QString &reason) {
    m_controller->setSessionStatus(session, status, reason);
}

void ChatPane::focusSearch() {
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ChatPane::onChatOpened(const QString &session, const QString &chat) {
    m_stack->setCurrentIndex(1);
    const QModelIndex source = m_controller->chats()->indexOf(session, chat);
    const QModelIndex row = m_controller->chatFilter()->mapFromSource(source);
    if (row.isValid())
        m_chatList->setCurrentIndex(row);
    updateHeader();
    m_composer->editor()->setFocus();
    emit chatOpened(session, chat);
}

void ChatPane::updateHeader() {
    const QString session = m_controller->openSession();
    const QString chat = m_controller->openChatJid();
    if (chat.isEmpty())
        return;
    const QModelIndex row = m_controller->chats()->indexOf(session, chat);
    const QString name = row.isValid() ? row.data(ChatListModel::NameRole).toString() : displayNumber(chat);
    m_title->setText(name);
    QString subtitle = displayNumber(chat);
    if (row.isValid())
        subtitle += QStringLiteral("  ·  ")
            + tr("via %1").arg(row.data(ChatListModel::SessionNameRole).toString());
    m_subtitle->setText(subtitle);
}

void ChatPane::updateComposer() {
    if (m_controller->openChatJid().isEmpty()) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_composer->setBlockedReason(m_controller->blockedReason());
}

void ChatPane::applyPalette() {
    // The conversation's background is the chat's own colour, derived from the window's palette.
    QPalette viewPalette = palette();
    viewPalette.setColor(QPalette::Base, chatColors(palette()).background);
    m_chatView->setPalette(viewPalette);
}

void ChatPane::changeEvent(QEvent *event) {
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void ChatPane::showEvent(QShowEvent *event) {
    m_controller->setConversationVisible(true);
    QWidget::showEvent(event);
}

void ChatPane::hideEvent(QHideEvent *event) {
    m_controller->setConversationVisible(false);
    QWidget::hideEvent(event);
}

} // namespace balcao
