"""The one QApplication of a voteboard program: its name, version, icon and desktop entry."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from voteboard import __version__
from voteboard.resources import APP_ID, asset_path


def application() -> QApplication:
    """The running QApplication, made on the first call, named after the program.

    The desktop file name ties the windows to the installed menu entry and its icon
    (Wayland compositors and docks find the icon through it)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(["voteboard"])
    assert isinstance(app, QApplication)
    app.setApplicationName("voteboard")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(asset_path("icons/voteboard.svg"))))
    return app
