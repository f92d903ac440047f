#include "attachment_preparer.h"

#include "attachment.h"

#include <QFile>
#include <QPointer>
#include <QThreadPool>
#include <session/session_manager.h>

namespace balcao {

void installAttachmentPreparer(SessionManager &manager) {
    const MediaFolder folder(manager.mediaDir());
    QPointer<SessionManager> context(&manager);
    manager.setAttachmentPreparer(
        [folder, context](const SendFileCommand &command, std::function<void(Result<MessageContent>)> done) {
            QThreadPool::globalInstance()->start([folder, context, command, done] {
                Result<MessageContent> content = prepareAttachment(command.path,
                    AttachmentRequest {command.kind, command.fileName, command.caption}, folder);
                if (command.removeAfter)
                    QFile::remove(command.path);
                QMetaObject::invokeMethod(
                    context.data(), [done, content] { done(content); }, Qt::QueuedConnection);
            });
        });
}

} // namespace balcao
