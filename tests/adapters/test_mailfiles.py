"""Reading Maildirs, mbox files and folders of .eml files."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage.adapters.mailfiles import RawMail, read_mail
from triage.adapters.store import Store
from triage.core.parse import parse_message
from triage.errors import ImportError_
from triage.ingest import import_mail

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


ENVELOPED = (
    b"From robot@ci.example Tue Nov 17 03:00:05 2026\n"
    b"From: Build Robot <robot@ci.example>\n"
    b"Subject: nightly build\n"
    b"Message-ID: <enveloped-1@ci.example>\n"
    b"\n"
    b"Results below.\n"
    b"From the second shard: 12 failures.\n"
    b"\n"
    b"From robot@ci.example Tue Nov 17 03:00:06 2026\n"
    b"is not a new message in a .eml file.\n"
)


def test_an_eml_file_is_one_message_even_with_an_envelope_line(tmp_path: Path) -> None:
    folder = tmp_path / "builds"
    folder.mkdir()
    (folder / "0001.eml").write_bytes(ENVELOPED)
    for found in (list(read_mail(folder)), list(read_mail(folder / "0001.eml"))):
        assert [(m.folder, m.data) for m in found] == [("builds", ENVELOPED)]
    message = parse_message(ENVELOPED)
    assert message.subject == "nightly build"
    assert "From the second shard: 12 failures." in message.text
    assert "is not a new message in a .eml file." in message.text


def test_mbox_files_inside_a_folder_are_read_under_their_own_name(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    box = mailbox.mbox(folder / "Archive.mbox")
    for name in NAMES[:2]:
        box.add((FIXTURES / name).read_bytes())
    box.close()
    (folder / "Inbox").write_bytes(
        b"From a@b.example Mon Nov 16 09:00:00 2026\n"
        b"From: Ann <a@b.example>\nSubject: nightly build\nMessage-ID: <inbox-1@b.example>\n\n"
        b"One message in a Thunderbird-style mbox without a suffix.\n"
    )
    (folder / "Inbox.msf").write_bytes(b"// Thunderbird's index, not mail\n")
    (folder / "loose.eml").write_bytes((FIXTURES / NAMES[2]).read_bytes())
    found = sorted((m.folder, parse_message(m.data).subject) for m in read_mail(folder))
    assert found == [
        ("Archive", "Café ☕"),
        ("Archive", "This week"),
        ("Inbox", "nightly build"),
        ("export", "unknown charset"),
    ]


def test_maildir_plus_plus_sub_folders_are_read_under_their_names(tmp_path: Path) -> None:
    root = mailbox.Maildir(tmp_path / "Maildir", create=True)
    root.add((FIXTURES / NAMES[0]).read_bytes())
    sent = root.add_folder("Sent")
    sent.add((FIXTURES / NAMES[1]).read_bytes())
    root.add_folder("Archive.2025").add((FIXTURES / NAMES[2]).read_bytes())
    assert (tmp_path / "Maildir" / ".Sent" / "cur").is_dir()
    for where in (tmp_path / "Maildir", tmp_path):
        found = sorted((m.folder, parse_message(m.data).subject) for m in read_mail(where))
        assert found == [
            ("Archive.2025", "unknown charset"),
            ("Maildir", "Café ☕"),
            ("Sent", "This week"),
        ]


def test_import_keeps_what_was_read_before_the_source_failed(store: Store) -> None:
    def source() -> Iterator[RawMail]:
        for name in NAMES:
            yield RawMail((FIXTURES / name).read_bytes(), name, "mime")
        raise ImportError_("archive.mbox: cannot read (Input/output error)")

    with pytest.raises(ImportError_, match="Input/output error"):
        import_mail(store, source())
    assert store.count() == len(NAMES)
    again = import_mail(store, (RawMail((FIXTURES / n).read_bytes(), n, "mime") for n in NAMES))
    assert (again.added, again.duplicates) == (0, len(NAMES))


def test_read_errors_inside_a_folder_go_to_on_error(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes((FIXTURES / NAMES[0]).read_bytes())
    (tmp_path / "b.eml").symlink_to(tmp_path / "missing.eml")
    with pytest.raises(ImportError_, match=r"b\.eml: cannot read"):
        list(read_mail(tmp_path))
    errors: list[ImportError_] = []
    found = list(read_mail(tmp_path, on_error=errors.append))
    assert [m.source for m in found] == [str(tmp_path / "a.eml")]
    assert [str(e) for e in errors] == [
        f"import error: {tmp_path / 'b.eml'}: cannot read (No such file or directory)"
    ]
