"""Reading Maildirs, mbox files and folders of .eml files."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from triage.adapters.mailfiles import read_mail
from triage.core.parse import parse_message
from triage.errors import ImportError_

FIXTURES = Path(__file__).parent.parent / "fixtures" / "mime"
NAMES = ["encoded_headers.eml", "html_only.eml", "unknown_charset.eml"]


def test_folder_of_eml_files() -> None:
    found = list(read_mail(FIXTURES))
    assert len(found) == len(list(FIXTURES.glob("*.eml")))
    assert {m.folder for m in found} == {"mime"}


def test_maildir(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "Work", create=True)
    for name in NAMES:
        box.add((FIXTURES / name).read_bytes())
    found = list(read_mail(tmp_path / "Work"))
    assert len(found) == 3
    assert {m.folder for m in found} == {"Work"}
    assert sorted(m.data for m in found) == sorted((FIXTURES / n).read_bytes() for n in NAMES)


def test_maildir_inside_a_folder_is_not_read_twice(tmp_path: Path) -> None:
    (tmp_path / "mail").mkdir()
    box = mailbox.Maildir(tmp_path / "mail" / "Inbox", create=True)
    box.add((FIXTURES / NAMES[0]).read_bytes())
    assert len(list(read_mail(tmp_path / "mail"))) == 1


def test_mbox(tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(path)
    for name in NAMES:
        box.add((FIXTURES / name).read_bytes())
    box.close()
    found = list(read_mail(path))
    assert len(found) == 3
    assert {m.folder for m in found} == {"archive"}
    subjects = sorted(parse_message(m.data).subject for m in found)
    assert subjects == ["Café ☕", "This week", "unknown charset"]


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportError_, match="no such file or folder"):
        list(read_mail(tmp_path / "nope"))
