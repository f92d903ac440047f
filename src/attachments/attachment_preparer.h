#pragma once

namespace balcao {

class SessionManager;

// Gives `manager` what turns a SendFileCommand's file into a message (prepareAttachment), run on Qt's thread
// pool so that scaling a photo never holds up the window or a session; the answer comes back in the manager's
// thread. A temporary upload (removeAfter) is deleted once it has been read.
void installAttachmentPreparer(SessionManager &manager);

} // namespace balcao
