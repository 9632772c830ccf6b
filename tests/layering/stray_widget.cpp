// Must NOT build: astralis_models may not create widgets (the linker refuses QtWidgets).
#include <QtWidgets/QWidget>

int main()
{
    QWidget widget;
    return widget.isVisible() ? 0 : 1;
}
