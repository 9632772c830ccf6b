// Must NOT build: astralis_models may not reach the database. The header is reachable through
// Qt's common include folder, so the linker is what refuses it.
#include <QtCore/QStringList>
#include <QtSql/QSqlDatabase>

int main()
{
    const QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"));
    return db.isValid() ? 0 : 1;
}
