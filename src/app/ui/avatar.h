#pragma once

#include <QPalette>
#include <QRect>
#include <QString>

class QPainter;

namespace balcao {

// Round avatars drawn with QPainter (no image files): a colour picked from the id, the name's initials.
namespace Avatar {
// Up to two initials of `name` ("Loja Centro" → "LC"); "#" when it has no letter or digit.
QString initials(const QString &name);
void paint(QPainter *painter, const QRect &rect, const QString &name, const QString &id);
// The "All numbers" entry: a tray of stacked lines in the palette's highlight colour.
void paintInbox(QPainter *painter, const QRect &rect, const QPalette &palette);
} // namespace Avatar

} // namespace balcao
