"""The layers of DESIGN §8: the core knows nothing of Qt, SQLite or files; only ui imports Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "voteboard"


def modules_loaded_by(package: str) -> set[str]:
    """Imports every module of a package in a fresh interpreter and lists sys.modules."""
    names = [
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for path in sorted((PACKAGE / package).rglob("*.py"))
    ]
    code = (
        "import importlib, sys\n"
        + "".join(f"importlib.import_module({name!r})\n" for name in names)
        + "print('\\n'.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_the_core_imports_neither_qt_nor_sqlite() -> None:
    loaded = modules_loaded_by("core")
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}
    assert "sqlite3" not in loaded


@pytest.mark.parametrize("package", ["journal", "replay"])
def test_the_journal_and_replay_import_no_qt(package: str) -> None:
    if not (PACKAGE / package).is_dir():
        pytest.skip(f"voteboard.{package} does not exist yet")
    loaded = modules_loaded_by(package)
    assert not {m for m in loaded if m.startswith(("PySide6", "shiboken6"))}
