"""Mail on disk: Maildir folders, mbox files, and .eml files or folders of them."""

from __future__ import annotations

import mailbox
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from triage.errors import ImportError_

SINGLE_SUFFIXES = (".eml", ".msg")
"""File endings that always hold one message, even when it starts with an mbox "From " line
(an envelope line, as many archives and test suites keep it)."""

FOLDER_SUFFIXES = (*SINGLE_SUFFIXES, ".txt", ".raw", ".mbox", ".mbx", "")
"""File endings read when a folder is imported: single messages, or mbox files (by content)."""


@dataclass(frozen=True, slots=True)
class RawMail:
    """One message's bytes and where they came from."""

    data: bytes
    source: str
    """A human-readable origin: the file, or the mailbox and key."""
    folder: str
    """The name to file it under: the Maildir, mbox or folder name."""


def is_maildir(path: Path) -> bool:
    """True when `path` has the cur/ and new/ sub-folders of a Maildir."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def is_mbox(path: Path) -> bool:
    """True when `path` is a file starting with an mbox "From " line."""
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


OnError = Callable[[ImportError_], None]
"""Called with each file that cannot be read inside a folder; the import goes on."""


def read_mail(path: Path, *, on_error: OnError | None = None) -> Iterator[RawMail]:
    """Every message under `path`: a Maildir, an mbox, an .eml file, or a folder of them.

    Args:
        path: What to read.
        on_error: Called for a file inside a folder that cannot be read, which is then
            skipped; without it the error is raised.

    Raises:
        ImportError_: `path` does not exist or cannot be read (or, without `on_error`, a
            file inside it cannot).
    """
    if not path.exists():
        raise ImportError_(f"{path}: no such file or folder")
    if path.is_dir():
        if is_maildir(path):
            yield from _maildir_tree(path, on_error)
        else:
            yield from _folder(path, on_error)
    else:
        yield from _one_file(path, path.parent.name or "import")


def _skipping(items: Iterator[RawMail], on_error: OnError | None) -> Iterator[RawMail]:
    """`items`, handing a read error to `on_error` (and stopping that source) if given."""
    try:
        yield from items
    except ImportError_ as exc:
        if on_error is None:
            raise
        on_error(exc)


def _one_file(path: Path, folder: str) -> Iterator[RawMail]:
    """A single message, or every message of an mbox (filed under the mbox's own name)."""
    if path.suffix.lower() not in SINGLE_SUFFIXES and is_mbox(path):
        yield from _mbox(path)
    else:
        yield _file(path, folder)


def _file(path: Path, folder: str) -> RawMail:
    try:
        return RawMail(path.read_bytes(), str(path), folder)
    except OSError as exc:
        raise ImportError_(f"{path}: cannot read ({exc.strerror})") from exc


def _folder(path: Path, on_error: OnError | None) -> Iterator[RawMail]:
    for root, dirs, files in os.walk(path):
        here = Path(root)
        dirs.sort()
        for sub in list(dirs):
            if is_maildir(here / sub):
                dirs.remove(sub)
                yield from _maildir_tree(here / sub, on_error)
        if here != path and here.name in ("cur", "new", "tmp"):
            continue
        for name in sorted(files):
            file = here / name
            if name.startswith(".") or file.suffix.lower() not in FOLDER_SUFFIXES:
                continue
            yield from _skipping(_one_file(file, here.name), on_error)


def _maildir_tree(path: Path, on_error: OnError | None) -> Iterator[RawMail]:
    """A Maildir and its Maildir++ sub-folders (`.Sent`, `.Archive.2025`, as Dovecot and
    Courier keep them), each filed under its own name without the leading dot."""
    yield from _maildir(path, path.name, on_error)
    for sub in sorted(path.iterdir(), key=lambda p: p.name):
        if sub.name.startswith(".") and sub.name not in (".", "..") and is_maildir(sub):
            yield from _maildir(sub, sub.name[1:], on_error)


def _maildir(path: Path, folder: str, on_error: OnError | None) -> Iterator[RawMail]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.iterkeys()):
        try:
            with box.get_file(key) as handle:
                data = handle.read()
        except OSError as exc:
            error = ImportError_(f"{path}: cannot read message {key} ({exc.strerror or exc})")
            if on_error is None:
                raise error from exc
            on_error(error)
            continue
        yield RawMail(data, f"{path}:{key}", folder)


def _mbox(path: Path) -> Iterator[RawMail]:
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        for key in box.iterkeys():
            yield RawMail(box.get_bytes(key), f"{path}:{key}", path.stem)
    except OSError as exc:
        raise ImportError_(f"{path}: cannot read ({exc.strerror or exc})") from exc
    finally:
        box.close()
