#pragma once

#include "binary/node.h"
#include "errors.h"

#include <QString>
#include <QStringList>

// Where and how to upload media (docs/protocol.md §13): the server's media_conn answer, as whatsmeow's
// mediaconn.go and Baileys' refreshMediaConn ask for and read it, and whether a kept answer may still be
// used. Time is passed in (seconds since the epoch), as in reconnect_policy.h.
namespace balcao::media_conn {

// <iq to="s.whatsapp.net" type="set" xmlns="w:m"><media_conn/></iq>, without an id (the IqClient adds one).
Node buildQuery();

struct MediaConn {
    QString auth; // the upload token
    qint64 ttlSeconds = 0; // how long the host list holds
    qint64 authTtlSeconds = 0; // how long the token holds (0: as long as the list)
    QStringList hosts; // "mmg.whatsapp.net", "host:port", … best first
    qint64 fetchedAt = 0; // seconds since the epoch

    // Usable for an upload starting at `now`: both the list and the token are still valid, with a margin
    // so that a long upload does not start on a token about to lapse.
    bool isFresh(qint64 now) const;
    bool operator==(const MediaConn &) const = default;
};

// The answer to buildQuery(), stamped with `now`. malformed-node when it is not a result with a
// media_conn carrying an auth token and at least one valid host name.
Result<MediaConn> parseAnswer(const Node &answer, qint64 now);

} // namespace balcao::media_conn
