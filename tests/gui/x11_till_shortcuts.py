"""Child process of test_till_shortcuts_on_x11: every till key pressed in a scan field holding text.

Prints one line per key that did not reach the till; exits 0 when every key arrived.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from posapp.bootstrap.node import open_node, till_actions
from posapp.ui.app import TillOptions, build_till_window


def main(data_dir: Path) -> int:
    app = QApplication(sys.argv[:1])
    assert app.platformName() == "xcb", app.platformName()
    node = open_node(data_dir, create=True)
    window = build_till_window(till_actions(node), TillOptions())
    window.resize(1024, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    shortcuts = [s for s in window.findChildren(QShortcut) if s.parent() is window]
    fired: list[str] = []
    for shortcut in shortcuts:
        shortcut.activated.disconnect()  # whether the key arrives is what is tested, not the action
        name = shortcut.key().toString()
        shortcut.activated.connect(lambda n=name: fired.append(n))
    lost = []
    for shortcut in shortcuts:
        combination = shortcut.key()[0]
        window.scan_field.setText("12345")
        window.scan_field.setFocus()
        fired.clear()
        QTest.keyClick(window.scan_field, combination.key(), combination.keyboardModifiers())
        app.processEvents()
        if fired != [shortcut.key().toString()]:
            lost.append(shortcut.key().toString())
    for key in lost:
        print(f"lost: {key}")
    print(f"checked: {len(shortcuts)}")
    window.close()
    node.close()
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
