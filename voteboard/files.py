"""The files voteboard writes for its users: whole or not at all, never over a journal.

Every output (an export, an image, a backup, a file of keys) is written to an unnamed file in
its folder (Linux's O_TMPFILE), made durable, and only then given its name: a killed or
failed command leaves no partial and no hidden copy behind. A target that is a folder, a
device, or an SQLite database (a journal, perhaps the one in use) is refused before anything
is written.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import stat
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


class OutputError(Exception):
    """A target that voteboard refuses to write; the message says which and why."""


_HELD: dict[tuple[int, int], int] = {}
"""The files this process has open as SQLite databases (device and inode), with a count."""


def hold(path: Path) -> tuple[int, int]:
    """Marks a database as open in this process: it is never opened again by `is_sqlite`.
    Closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's
    included, and then another process may delete the write-ahead log under a live reader."""
    info = os.stat(path)
    place = info.st_dev, info.st_ino
    _HELD[place] = _HELD.get(place, 0) + 1
    return place


def release(place: tuple[int, int]) -> None:
    """Undoes one `hold`: the database is forgotten once every hold on it is released."""
    count = _HELD.get(place, 0) - 1
    if count > 0:
        _HELD[place] = count
    else:
        _HELD.pop(place, None)


def is_sqlite(path: Path) -> bool:
    """Whether the file at `path` is an SQLite database (by its first 16 bytes); a database
    this process holds open is known without opening it again."""
    info = os.stat(path)
    if (info.st_dev, info.st_ino) in _HELD:
        return True
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def check_target(path: Path, *, replace: bool) -> None:
    """Refuses a target that must not be written: a folder, anything but a regular file, an
    SQLite database (a journal), or with `replace` False any existing file. Also refuses a
    target in a folder that does not exist."""
    for suffix in ("-wal", "-shm", "-journal"):
        beside = path.with_name(path.name.removesuffix(suffix))
        if path.name.endswith(suffix) and beside.is_file() and is_sqlite(beside):
            raise OutputError(
                f"{path}: the {suffix[1:]} file of the database {beside.name} (a voteboard "
                "journal?); voteboard never writes over one: give another file"
            )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputError(f"{path}: there is no folder {path.parent}") from None
        return
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path}: a folder; give the name of a file to write")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path}: not a regular file (a device or a pipe); it is left alone")
    try:
        database = is_sqlite(path)
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror}") from None
    if database:
        raise OutputError(
            f"{path}: an SQLite database (a voteboard journal?); voteboard never writes over "
            "one: give another file"
        )
    if not replace:
        raise OutputError(f"{path}: a file is there already; give a new file's name")


def check_new_target(path: Path) -> None:
    """`check_target` for a file that must not exist yet (a file of keys, a backup)."""
    check_target(path, replace=False)


def write_new(path: Path, data: bytes, *, replace: bool = False, mode: int = 0o600) -> None:
    """Writes `data` as the file `path`, whole or not at all: into an unnamed file of the
    same folder, synced, then linked at its name (FileExistsError if a file appeared there;
    with `replace`, an existing regular file that is no database is replaced)."""
    folder = path.parent
    fd, named = _unnamed_file(folder, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        if not replace or not path.exists():
            _give_name(fd, named, path)
        else:
            check_target(path, replace=True)
            aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
            _give_name(fd, named, aside)
            try:
                os.replace(aside, path)
            finally:
                aside.unlink(missing_ok=True)
    finally:
        os.close(fd)
        if named is not None:
            named.unlink(missing_ok=True)
    _sync_folder(folder)


def _unnamed_file(folder: Path, mode: int) -> tuple[int, Path | None]:
    """A new file with no name in `folder` (O_TMPFILE); where the file system has none, a
    hidden named one, removed again by the caller."""
    try:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY, mode), None
    except OSError as exc:
        if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            raise
    named = folder / f".voteboard.{secrets.token_hex(6)}.new"
    return os.open(named, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), named


def _give_name(fd: int, named: Path | None, path: Path) -> None:
    """Links the file open as `fd` at `path` (never replacing a file: FileExistsError)."""
    if named is not None:
        os.link(named, path)
        return
    try:
        os.link(f"/proc/self/fd/{fd}", path, follow_symlinks=True)
        return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.ENOENT, errno.EPERM):
            raise
    # Where /proc cannot be linked through, linkat(2) on the descriptor itself.
    if _libc.linkat(fd, b"", _AT_FDCWD, os.fsencode(path), _AT_EMPTY_PATH) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(path))


_libc = ctypes.CDLL(None, use_errno=True)
_AT_FDCWD = -100
_AT_EMPTY_PATH = 0x1000


def write_output(path: Path, data: bytes) -> None:
    """An output the user named: refused where `check_target` refuses, else written whole
    (replacing a plain file of that name, which the user named)."""
    check_target(path, replace=True)
    write_new(path, data, replace=True, mode=0o644)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
