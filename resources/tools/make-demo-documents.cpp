// Build-time generator of the demo workspace's documents: text PDFs drawn with QPdfWriter and
// "scanned" pages (slightly rotated, grey, speckled PNGs at 150 dpi) for the OCR overlay.
// Nothing is downloaded; the output is deterministic for a given Qt and font set.
//   make-demo-documents OUTPUT_DIR

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QRandomGenerator>

#include <cstdio>

namespace {

struct Page
{
    QString title;
    QStringList lines;
};

void drawPage(QPainter& p, const QRect& area, const Page& page, qreal scale)
{
    QFont title(QStringLiteral("DejaVu Sans"));
    title.setPixelSize(int(28 * scale));
    title.setBold(true);
    QFont body(QStringLiteral("DejaVu Sans"));
    body.setPixelSize(int(15 * scale));
    p.setPen(Qt::black);
    p.setFont(title);
    int y = area.top() + int(40 * scale);
    p.drawText(QPoint(area.left(), y), page.title);
    y += int(24 * scale);
    p.drawLine(area.left(), y, area.right(), y);
    y += int(36 * scale);
    p.setFont(body);
    for (const QString& line : page.lines) {
        p.drawText(QPoint(area.left(), y), line);
        y += int(26 * scale);
    }
}

bool writePdf(const QString& path, const QList<Page>& pages)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(150);
    writer.setCreator(QStringLiteral("Astralis Console demo"));
    writer.setTitle(pages.first().title);
    QPainter p(&writer);
    if (!p.isActive())
        return false;
    const QRect area(90, 90, writer.width() - 180, writer.height() - 180);
    for (int i = 0; i < pages.size(); ++i) {
        if (i > 0)
            writer.newPage();
        drawPage(p, area, pages.at(i), 1.0);
    }
    return true;
}

bool writeScan(const QString& path, const Page& page, quint32 seed)
{
    // A4 at 150 dpi, drawn straight, then rotated a little as a sheet on a scanner glass.
    QImage sheet(1240, 1754, QImage::Format_RGB32);
    sheet.fill(QColor(250, 249, 244));
    {
        QPainter p(&sheet);
        p.setRenderHint(QPainter::TextAntialiasing);
        drawPage(p, QRect(110, 110, 1020, 1500), page, 1.25);
    }
    QImage scan(sheet.size(), QImage::Format_RGB32);
    scan.fill(QColor(236, 236, 232));
    {
        QPainter p(&scan);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.translate(scan.width() / 2.0, scan.height() / 2.0);
        p.rotate(0.8);
        p.translate(-sheet.width() / 2.0, -sheet.height() / 2.0);
        p.drawImage(0, 0, sheet);
    }
    QRandomGenerator random(seed);
    QImage grey = scan.convertToFormat(QImage::Format_Grayscale8);
    for (int i = 0; i < 6000; ++i) {
        const int x = random.bounded(grey.width());
        const int y = random.bounded(grey.height());
        grey.scanLine(y)[x] = uchar(random.bounded(90, 200)); // dust and toner specks
    }
    return grey.save(path, "PNG");
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: make-demo-documents OUTPUT_DIR\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    QDir().mkpath(out.path());

    const Page invoice{QStringLiteral("Invoice 2026-114"),
                       {QStringLiteral("Northwind Studio GmbH, Hafenstrasse 12, 20457 Hamburg"),
                        QStringLiteral("Bill to: Contoso Retail AG, Zurich"), QString(),
                        QStringLiteral("Brand workshop (2 days)                 3,200.00 EUR"),
                        QStringLiteral("Website redesign, milestone 2           8,450.00 EUR"),
                        QStringLiteral("Hosting, November 2026                    180.00 EUR"), QString(),
                        QStringLiteral("Net total                              11,830.00 EUR"),
                        QStringLiteral("VAT 19 %                                2,247.70 EUR"),
                        QStringLiteral("Total due                              14,077.70 EUR"), QString(),
                        QStringLiteral("Due date: 15 December 2026. IBAN DE89 3704 0044 0532 0130 00")}};
    const QList<Page> agreement{
        {QStringLiteral("Service Agreement"),
         {QStringLiteral("between Northwind Studio GmbH (the Agency)"),
          QStringLiteral("and Contoso Retail AG (the Client)"), QString(),
          QStringLiteral("1. Scope. The Agency designs and builds the Client's online shop."),
          QStringLiteral("2. Term. From 1 October 2026 for twelve months."),
          QStringLiteral("3. Fees. Monthly retainer of 4,500 EUR, invoiced in advance."),
          QStringLiteral("4. Acceptance. Each milestone is accepted within ten working days.")}},
        {QStringLiteral("Service Agreement (continued)"),
         {QStringLiteral("5. Confidentiality. Both parties keep the other's information confidential."),
          QStringLiteral("6. Termination. Either party may terminate with three months' notice."),
          QStringLiteral("7. Governing law. German law; venue Hamburg."), QString(),
          QStringLiteral("Signed: Dana Demo, Northwind Studio        Signed: Marco Rossi, Contoso")}}};
    const QList<Page> report{{QStringLiteral("Quarterly Report Q3 2026"),
                              {QStringLiteral("Revenue grew 18 % over Q2 to 412,000 EUR."),
                               QStringLiteral("Twelve new clients signed; churn fell to 2.1 %."),
                               QStringLiteral("Average time from intake to first reply: 3.4 hours."),
                               QStringLiteral("Open pipeline value at quarter end: 1.2 million EUR.")}},
                             {QStringLiteral("Outlook Q4 2026"),
                              {QStringLiteral("Focus: retail and logistics clients in the DACH region."),
                               QStringLiteral("Hiring: two project managers and one operator."),
                               QStringLiteral("Risk: two large renewals fall due in December.")}}};
    const Page deliveryNote{
        QStringLiteral("Delivery Note 88231"),
        {QStringLiteral("Globex Logistics, Depot Bremen"), QStringLiteral("Consignee: Northwind Studio GmbH"),
         QString(), QStringLiteral("3 x Display stand, oak, 180 cm"), QStringLiteral("12 x Poster frame A1"),
         QStringLiteral("1 x Lighting kit, LED, 4 heads"), QString(),
         QStringLiteral("Received in good order: ____________________")}};
    const Page receipt{QStringLiteral("Receipt"),
                       {QStringLiteral("Cafe Hafenblick, Hamburg"), QStringLiteral("Client lunch, 4 persons"),
                        QStringLiteral("Total 126.40 EUR, paid by card"),
                        QStringLiteral("27 Nov 2026 13:42")}};

    bool ok = writePdf(out.filePath(QStringLiteral("invoice-2026-114.pdf")), {invoice});
    ok = ok && writePdf(out.filePath(QStringLiteral("service-agreement.pdf")), agreement);
    ok = ok && writePdf(out.filePath(QStringLiteral("quarterly-report.pdf")), report);
    ok = ok && writeScan(out.filePath(QStringLiteral("scan-delivery-note.png")), deliveryNote, 88231);
    ok = ok && writeScan(out.filePath(QStringLiteral("scan-receipt.png")), receipt, 4240);
    if (!ok)
        std::fprintf(stderr, "make-demo-documents: could not write into %s\n", argv[1]);
    return ok ? 0 : 1;
}
