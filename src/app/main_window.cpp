#include "main_window.h"

#include <QLabel>

namespace balcao {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent) {
    setWindowTitle(tr("Balcão"));
    auto *empty = new QLabel(tr("No numbers yet."), this);
    empty->setAlignment(Qt::AlignCenter);
    setCentralWidget(empty);
    resize(1100, 720);
}

} // namespace balcao
