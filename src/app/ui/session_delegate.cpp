#include "session_delegate.h"

#include "avatar.h"
#include "session_list_model.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace balcao {

namespace {

constexpr int kPadding = 10;
constexpr int kAvatar = 40;

// A rounded pill with `text` in it, right-aligned at `right`; returns its rectangle.
QRect paintPill(QPainter *painter, const QFont &font, const QString &text, const QColor &fill,
    const QColor &ink, int right, int centreY) {
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 2;
    const int width = qMax(height, metrics.horizontalAdvance(text) + height / 2 + 6);
    const QRect pill(right - width, centreY - height / 2, width, height);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    painter->setPen(ink);
    painter->setFont(font);
    painter->drawText(pill, Qt::AlignCenter, text);
    return pill;
}

} // namespace

QSize SessionDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const {
    const QFontMetrics metrics(option.font);
    return {220, qMax(kAvatar, metrics.height() * 2 + 6) + 2 * kPadding};
}

void SessionDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = {};
    // The style draws selection and hover the way this platform does; we draw the content.
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group
        = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor secondary = text;
    secondary.setAlphaF(0.65f);

    const QRect r = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const bool allNumbers = index.row() == SessionListModel::kAllNumbersRow;
    const QString name = index.data(Qt::DisplayRole).toString();
    const QRect avatarRect(r.left(), r.center().y() - kAvatar / 2, kAvatar, kAvatar);
    if (allNumbers)
        Avatar::paintInbox(painter, avatarRect, option.palette);
    else
        Avatar::paint(painter, avatarRect, name, index.data(SessionListModel::SessionIdRole).toString());

    const int textLeft = avatarRect.right() + kPadding;
    QFont bold = option.font;
    bold.setBold(true);
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.86);
    QFont badgeFont = small;
    badgeFont.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const QFontMetrics smallMetrics(small);
    const int lineGap = 4;
    const int top = r.center().y() - (boldMetrics.height() + smallMetrics.height() + lineGap) / 2;
    const QRect firstLine(textLeft, top, r.right() - textLeft, boldMetrics.height());
    const QRect secondLine(
        textLeft, firstLine.bottom() + lineGap, r.right() - textLeft, smallMetrics.height() + 2);

    // Right column: unread count on the first line, status badge on the second.
    int firstRight = firstLine.right();
    const int unread = index.data(SessionListModel::UnreadRole).toInt();
    if (unread > 0) {
        const QString count = unread > 999 ? QStringLiteral("999+") : QString::number(unread);
        const QRect pill = paintPill(painter, badgeFont, count, QColor(0x1a, 0x8f, 0x4c), Qt::white,
            firstLine.right(), firstLine.center().y());
        firstRight = pill.left() - 6;
    }
    int secondRight = secondLine.right();
    if (!allNumbers) {
        const QString status = index.data(SessionListModel::StatusTextRole).toString();
        const QColor colour = index.data(SessionListModel::StatusColorRole).value<QColor>();
        const QRect pill = paintPill(
            painter, badgeFont, status, colour, Qt::white, secondLine.right(), secondLine.center().y());
        secondRight = pill.left() - 6;
    }

    painter->setPen(text);
    painter->setFont(bold);
    painter->drawText(QRect(firstLine.topLeft(), QPoint(firstRight, firstLine.bottom())),
        Qt::AlignLeft | Qt::AlignVCenter,
        boldMetrics.elidedText(name, Qt::ElideRight, firstRight - firstLine.left()));
    QString detail
        = allNumbers ? tr("One inbox for every number") : index.data(SessionListModel::PhoneRole).toString();
    if (!allNumbers && detail.isEmpty())
        detail = tr("Not linked yet");
    painter->setPen(secondary);
    painter->setFont(small);
    painter->drawText(QRect(secondLine.topLeft(), QPoint(secondRight, secondLine.bottom())),
        Qt::AlignLeft | Qt::AlignVCenter,
        smallMetrics.elidedText(detail, Qt::ElideRight, secondRight - secondLine.left()));
    painter->restore();
}

} // namespace balcao
