#pragma once

#include <QIcon>

namespace balcao {

// Balcão's icon, painted (Qt's SVG module is not a dependency): a green speech bubble with three dots;
// with `unread` > 0, a red badge with the count, for the tray.
namespace AppIcon {
QIcon make(int unread = 0);
QPixmap pixmap(int size, int unread = 0);
// A round "+" in `colour`, for "Add number" where the desktop's icon theme has no list-add.
QIcon plus(const QColor &colour);
} // namespace AppIcon

} // namespace balcao
