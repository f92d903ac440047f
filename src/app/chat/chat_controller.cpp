#include "chat_controller.h"

#include "chat_list_filter.h"
#include "chat_list_model.h"
#include "message_list_model.h"

#include <messaging/stored_message.h>
#include <messaging/vcard.h>
#include <overloaded.h>
#include <session_client.h>
#include <voice/voice_player.h>

namespace balcao::chat {

ChatController::ChatController(SessionClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_chats(new ChatListModel(this))
    , m_filter(new ChatListFilter(this))
    , m_messages(new MessageListModel(this)) {
    m_filter->setSourceModel(m_chats);
    m_markRead.setSingleShot(true);
    m_markRead.setInterval(kMarkReadDelayMs);
    connect(&m_markRead, &QTimer::timeout, this, [this] {
        if (!m_messages->chatJid().isEmpty())
            execute(MarkReadCommand {m_messages->session(), m_messages->chatJid()}, newRequestId());
    });
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(kSearchDelayMs);
    connect(&m_searchDelay, &QTimer::timeout, this, &ChatController::searchHistory);
    if (m_client) {
        connect(m_client, &SessionClient::event, this, &ChatController::handleEvent);
        // Learn the numbers and their states; their chats are asked for once each is connected. Asked again
        // when the profile opens: a command sent before that is refused.
        execute(ListCommand {}, newRequestId());
        connect(m_client, &SessionClient::opened, this, [this] { execute(ListCommand {}, newRequestId()); });
    }
}

void ChatController::execute(const Command &command, const QString &requestId) {
    if (m_sink) {
        m_sink(command, requestId);
    } else if (m_client) {
        m_client->request(command).then(
            this, [this, requestId](const Reply &reply) { handleReply(requestId, reply); });
    }
}

QString ChatController::newRequestId() {
    return m_client ? m_client->nextRequestId() : QStringLiteral("chat-%1").arg(++m_lastRequest);
}

QString ChatController::openSession() const {
    return m_messages->session();
}

QString ChatController::openChatJid() const {
    return m_messages->chatJid();
}

void ChatController::requestChats(const QString &session) {
    if (!session.isEmpty())
        execute(ChatsCommand {session}, newRequestId());
}

void ChatController::setSearchText(const QString &text) {
    if (text == m_filter->searchText())
        return;
    m_filter->setSearchText(text);
    m_searchRequests.clear(); // answers to the previous text no longer count
    if (message_store_check::searchWords(text).isEmpty())
        m_searchDelay.stop();
    else
        m_searchDelay.start();
}

void ChatController::searchHistory() {
    const QString text = m_filter->searchText().left(SearchCommand::kMaxQueryLength);
    if (message_store_check::searchWords(text).isEmpty())
        return;
    QStringList sessions;
    if (!m_shownSession.isEmpty()) {
        sessions.append(m_shownSession);
    } else {
        for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it)
            sessions.append(it.key());
    }
    for (const QString &session : std::as_const(sessions)) {
        // Searched while running, as its chats are listed: a number that is not linked has no history, and a
        // stopped one may not have opened its store since Balcão started.
        const SessionStatus status = m_sessions.value(session).status;
        if (status != SessionStatus::Connected && status != SessionStatus::Connecting
            && status != SessionStatus::Reconnecting)
            continue;
        const QString request = newRequestId();
        m_searchRequests.insert(request);
        execute(SearchCommand {session, text, kSearchLimit}, request);
    }
}

void ChatController::onSearchReply(const QString &requestId, const SearchReply &reply) {
    if (!m_searchRequests.remove(requestId))
        return;
    QHash<QString, QString> chatTexts;
    // Newest first: the first message of each chat is the one its row shows.
    for (const MessageEvent &m : reply.messages) {
        if (!m.chat.isEmpty() && !chatTexts.contains(m.chat))
            chatTexts.insert(m.chat, m.text.simplified());
    }
    // The request id already tells it answers the current text (the query may have been shortened).
    m_filter->addHistoryMatches(reply.session, m_filter->searchText(), chatTexts);
}

void ChatController::showSession(const QString &session) {
    m_shownSession = session;
    m_filter->setSession(session);
    if (!message_store_check::searchWords(m_filter->searchText()).isEmpty()) {
        m_searchRequests.clear();
        m_searchDelay.start(); // the numbers now shown are searched
    }
    if (!session.isEmpty()) {
        requestChats(session);
        return;
    }
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (it->status == SessionStatus::Connected)
            requestChats(it.key());
    }
}

void ChatController::openChat(const QString &session, const QString &chat) {
    if (m_mediaDir.isEmpty() && m_client && m_client->manager())
        m_mediaDir = m_client->manager()->mediaDir();
    m_messages->setMediaFolder(m_mediaDir);
    if (session.isEmpty() || chat.isEmpty())
        return;
    m_markRead.stop();
    m_messages->reset(session, chat);
    m_pageRequest = newRequestId();
    m_pageIsFirst = true;
    execute(MessagesCommand {session, chat, kPageSize, {}}, m_pageRequest);
    // Opening a chat reads it: WhatsApp's apps send read receipts for what was unread.
    const QModelIndex row = m_chats->indexOf(session, chat);
    if (!row.isValid() || row.data(ChatListModel::UnreadRole).toInt() > 0)
        execute(MarkReadCommand {session, chat}, newRequestId());
    emit chatOpened(session, chat);
    emit sendingStateChanged();
}

void ChatController::closeChat() {
    m_markRead.stop();
    m_messages->reset({}, {});
    m_pageRequest.clear();
    emit sendingStateChanged();
}

void ChatController::loadOlder() {
    if (!m_pageRequest.isEmpty() || m_messages->chatJid().isEmpty() || m_messages->reachedStart()
        || m_messages->rowCount() == 0)
        return;
    m_pageRequest = newRequestId();
    m_pageIsFirst = false;
    execute(MessagesCommand {m_messages->session(), m_messages->chatJid(), kPageSize, m_messages->oldestId()},
        m_pageRequest);
}

void ChatController::send(const QString &text) {
    if (m_messages->chatJid().isEmpty())
        return;
    execute(
        SendCommand {m_messages->session(), m_messages->chatJid(), textContent(text), {}}, newRequestId());
}

void ChatController::retry(int row) {
    const MessageEvent *m = m_messages->message(row);
    if (!m || !m->fromMe || m->status != MessageStatus::Failed || m->text.isEmpty())
        return;
    execute(SendCommand {m_messages->session(), m_messages->chatJid(), m->content, {}}, newRequestId());
}

void ChatController::setSessionStatus(const QString &session, SessionStatus status, const QString &reason) {
    SessionState &state = m_sessions[session];
    const bool becameConnected
        = status == SessionStatus::Connected && state.status != SessionStatus::Connected;
    state.status = status;
    state.reason = reason;
    state.known = true;
    // Connected again: the chats may have changed while we were away (offline messages).
    if (becameConnected && (m_shownSession.isEmpty() || m_shownSession == session))
        requestChats(session);
    if (session == m_messages->session())
        emit sendingStateChanged();
}

QString ChatController::blockedReason() const {
    const QString session = m_messages->session();
    if (session.isEmpty())
        return tr("Choose a chat to reply.");
    const SessionState state = m_sessions.value(session);
    if (!state.known)
        return tr("Waiting for this number's status…");
    QString why;
    switch (state.status) {
    case SessionStatus::Connected:
        return {};
    case SessionStatus::New:
    case SessionStatus::Pairing:
        why = tr("This number is not linked yet. Link it to send messages.");
        break;
    case SessionStatus::Connecting:
        why = tr("Connecting to WhatsApp… You can reply as soon as this number is connected.");
        break;
    case SessionStatus::Reconnecting:
        why = tr("The connection was lost; reconnecting… You can reply again once it is back.");
        break;
    case SessionStatus::LoggedOut:
        why = tr("This number was logged out. Link it again to send messages.");
        break;
    case SessionStatus::Stopped:
        why = tr("This number is stopped. Start it to send messages.");
        break;
    }
    if (!state.reason.isEmpty() && state.status != SessionStatus::Connecting)
        why += QLatin1Char(' ') + tr("(%1)").arg(state.reason);
    return why;
}

void ChatController::sendFile(const QString &path, const QString &kind, bool removeAfter) {
    if (m_messages->chatJid().isEmpty())
        return;
    execute(
        SendFileCommand {m_messages->session(), m_messages->chatJid(), path, kind, {}, {}, {}, removeAfter},
        newRequestId());
}

void ChatController::setVoicePlayer(voice::VoicePlayer *player) {
    m_player = player;
    connect(player, &voice::VoicePlayer::progressChanged, this, [this](const QString &id, double progress) {
        m_messages->setPlaying(id, m_player->isPlaying(), progress);
    });
    connect(player, &voice::VoicePlayer::finished, this,
        [this](const QString &id) { m_messages->setPlaying(id, false, 0); });
    connect(player, &voice::VoicePlayer::failed, this,
        [this](const QString &id) { m_messages->setPlaying(id, false, 0); });
}

void ChatController::openMedia(int row) {
    const MessageEvent *m = m_messages->message(row);
    if (!m)
        return;
    if (const auto *place = std::get_if<LocationPayload>(&m->content.payload)) {
        emit openUrlWanted(QUrl(QStringLiteral("https://www.openstreetmap.org/?mlat=%1&mlon=%2#map=17/%1/%2")
                                    .arg(place->latitude, 0, 'f', 6)
                                    .arg(place->longitude, 0, 'f', 6)));
        return;
    }
    if (const auto *card = std::get_if<ContactCardPayload>(&m->content.payload)) {
        // "Message this contact": the first number the card gives a WhatsApp account for.
        for (const vcard::Number &number : vcard::read(card->vcard).numbers) {
            if (!number.waid.isEmpty()) {
                openChat(m_messages->session(), number.waid + QStringLiteral("@s.whatsapp.net"));
                return;
            }
        }
        return;
    }
    if (!mediaInfoOf(m->content))
        return;
    const MediaView view = m_messages->mediaView(row);
    if (view.path.isEmpty()) {
        execute(MediaCommand {m_messages->session(), m_messages->chatJid(), m->id, true}, newRequestId());
        m_messages->setMediaState(m->id, QStringLiteral("queued"), {}, 0);
        return;
    }
    if (m->content.kind == MessageKind::Audio && m_player) {
        if (m_player->current() == m->id && m_player->isPlaying())
            m_player->pause();
        else if (m_player->current() == m->id && view.played > 0 && view.played < 1)
            m_player->resume();
        else if (m_player->play(m->id, view.path) && !m->fromMe)
            execute(MarkPlayedCommand {
                m_messages->session(), m_messages->chatJid(), m->id}); // the sender sees it
        m_messages->setPlaying(m->id, m_player->isPlaying(), m_player->progress());
        return;
    }
    emit openUrlWanted(QUrl::fromLocalFile(view.path));
}

void ChatController::handleEvent(const Event &event) {
    std::visit(Overloaded {
                   [this](const SessionEvent &e) {
                       if (e.removed) {
                           m_sessions.remove(e.session);
                           m_chats->removeSession(e.session);
                           if (m_messages->session() == e.session)
                               closeChat();
                           return;
                       }
                       m_sessions[e.session].name = e.name;
                       m_chats->setSessionName(e.session, e.name);
                   },
                   [this](const StatusEvent &e) { setSessionStatus(e.session, e.status, e.reason); },
                   [this](const ChatEvent &e) { m_chats->upsert(e); },
                   [this](const ChatMergedEvent &e) {
                       // The merged chat's messages are in the other one now: show that one instead.
                       m_chats->removeChat(e.session, e.from);
                       if (e.session == m_messages->session() && e.from == m_messages->chatJid())
                           openChat(e.session, e.to);
                   },
                   [this](const MessageEvent &e) {
                       if (e.session != m_messages->session() || e.chat != m_messages->chatJid())
                           return;
                       m_messages->append(e);
                       if (!e.fromMe && m_conversationVisible && !m_markRead.isActive())
                           m_markRead.start();
                   },
                   [this](const MediaEvent &e) {
                       if (e.session != m_messages->session() || e.chat != m_messages->chatJid())
                           return;
                       m_messages->setMediaState(
                           e.id, e.state, e.path, e.total > 0 ? double(e.received) / double(e.total) : 0);
                   },
                   [this](const MessageStatusEvent &e) {
                       m_chats->applyStatus(e);
                       if (e.session == m_messages->session() && e.chat == m_messages->chatJid())
                           m_messages->setStatus(e.id, e.status, e.reason);
                   },
                   [](const auto &) {},
               },
        event);
}

void ChatController::handleReply(const QString &requestId, const Reply &reply) {
    std::visit(Overloaded {
                   [this](const ChatsReply &r) { m_chats->upsertAll(r.chats); },
                   [this, &requestId](const MessagesReply &r) { onMessagesReply(requestId, r); },
                   [this, &requestId](const SearchReply &r) { onSearchReply(requestId, r); },
                   [this](const SessionsReply &r) {
                       for (const SessionRecord &s : r.sessions) {
                           m_sessions[s.id].name = s.name;
                           m_chats->setSessionName(s.id, s.name);
                           if (!m_sessions[s.id].known)
                               setSessionStatus(s.id, s.lastStatus, {});
                       }
                   },
                   [this, &requestId](const Error &) {
                       if (!m_pageRequest.isEmpty() && requestId == m_pageRequest)
                           onPageFailed();
                       m_searchRequests.remove(requestId);
                   },
                   [](const auto &) {},
               },
        reply);
}

void ChatController::onMessagesReply(const QString &requestId, const MessagesReply &reply) {
    if (m_pageRequest.isEmpty() || requestId != m_pageRequest)
        return;
    m_pageRequest.clear();
    const QList<MessageEvent> &page = reply.messages;
    // A short page is the start of the chat. Set before the rows go in, so the view does not ask again.
    if (page.size() < kPageSize)
        m_messages->setReachedStart(true);
    const int added = m_messages->prependOlder(page);
    if (m_pageIsFirst)
        emit firstPageLoaded(added);
    else
        emit olderPageLoaded(added);
}

void ChatController::onPageFailed() {
    // unknown-chat (nothing stored yet) and the like: nothing older to show, and no reason to keep asking.
    m_pageRequest.clear();
    m_messages->setReachedStart(true);
    if (m_pageIsFirst)
        emit firstPageLoaded(0);
}

} // namespace balcao::chat
