#pragma once

#include "errors.h"

#include <QList>
#include <QObject>
#include <QString>
#include <functional>

namespace balcao {

class IqClient;
class PeerDirectory;

// One number as the check answers it: whether it is on WhatsApp, the chat id to use (the form it is
// registered under, which may differ from the one typed), and the person's two addresses where known.
struct NumberResult {
    QString input;
    bool exists = false;
    QString
        jid; // "<digits>@s.whatsapp.net": the chat id; the typed digits when the number is not on WhatsApp
    QString lid; // "<digits>@lid", when the server gave it
    QString phone; // "+<digits>", the registered number
    QString error {}; // why an input could not be checked at all (not a number)

    bool operator==(const NumberResult &) const = default;
};

// Whether numbers are on WhatsApp, and under which form (number_forms::candidates): one usync contact query
// for all of them and their other forms; what it teaches of LIDs goes to the PeerDirectory. Lives in the
// session thread.
class NumberCheck : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxNumbers = 50;
    using Done = std::function<void(Result<QList<NumberResult>>)>;

    NumberCheck(PeerDirectory *directory, IqClient *iq, QObject *parent = nullptr);

    // `inputs` as people type them ("+55 31 98765-0003", "5531987650003", "…@s.whatsapp.net", "…@lid");
    // invalid-argument for none or more than kMaxNumbers. `done` runs once, in this thread.
    void check(const QStringList &inputs, Done done);

private:
    PeerDirectory *m_directory;
    IqClient *m_iq;
    quint64 m_queries = 0;
};

} // namespace balcao
