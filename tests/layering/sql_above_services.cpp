// Must NOT build: ui/ and app/ reach the database only through the services' typed APIs.
// QtSql is private to astralis_services, so its headers are not on the include path of code that
// links astralis_ui or the CLI's commands.
#include <QSqlDatabase>

int main()
{
    const QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"));
    return db.isValid() ? 0 : 1;
}
