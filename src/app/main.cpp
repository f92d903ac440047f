#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Balcão"));
    QApplication::setOrganizationName(QStringLiteral("Balcao"));
    QApplication::setApplicationVersion(QStringLiteral(BALCAO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Several WhatsApp numbers in one window."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    balcao::MainWindow window;
    window.show();
    return app.exec();
}
