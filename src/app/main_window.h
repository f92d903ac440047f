#pragma once

#include <QMainWindow>

namespace balcao {

// The dashboard: sessions on the left, the selected number's QR panel or chats on the right.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace balcao
