"""The pure parts of sync: choosing the text part from BODYSTRUCTURE, planning a folder."""

from __future__ import annotations

from typing import Any

from triage.core.message import Attachment
from triage.core.sync import (
    TEXT_LIMIT,
    FolderState,
    FolderStatus,
    backoff,
    pick_text_part,
    plan_folder,
)


def leaf(main: str, sub: str, size: int = 100, **extra: Any) -> tuple[Any, ...]:
    params = (b"CHARSET", b"utf-8") if main == "text" else None
    if extra.get("name"):
        params = (b"NAME", extra["name"].encode())
    encoding = extra.get("encoding", b"7BIT")
    base: tuple[Any, ...] = (main.encode(), sub.encode(), params, None, None, encoding, size)
    disposition = extra.get("disposition")
    if main == "text":
        return (*base, 3, None, disposition, None, None)
    return (*base, None, disposition, None, None)


def multi(*parts: tuple[Any, ...], sub: str = "mixed") -> tuple[Any, ...]:
    return ([*parts], sub.encode(), None, None, None, None)


def test_single_part_plain_is_section_1() -> None:
    part = pick_text_part(leaf("text", "plain", 500))
    assert part.section == "1"
    assert part.charset == "utf-8"
    assert not part.attachments
    assert not part.truncated


def test_alternative_prefers_plain_and_lists_attachment() -> None:
    structure = multi(
        multi(leaf("text", "html"), leaf("text", "plain"), sub="alternative"),
        leaf(
            "application",
            "pdf",
            7800,
            encoding=b"BASE64",
            disposition=(b"attachment", (b"FILENAME", b"deck.pdf")),
        ),
    )
    part = pick_text_part(structure)
    assert part.section == "1.2"
    assert part.content_type == "text/plain"
    assert part.attachments == (Attachment("deck.pdf", "application/pdf", 5700),)


def test_html_only_and_text_attachment_not_chosen() -> None:
    structure = multi(
        leaf("text", "plain", disposition=(b"attachment", (b"FILENAME", b"notes.txt"))),
        leaf("text", "html", TEXT_LIMIT + 1),
    )
    part = pick_text_part(structure)
    assert part.section == "2"
    assert part.content_type == "text/html"
    assert part.truncated
    assert [a.filename for a in part.attachments] == ["notes.txt"]


def test_no_text_part() -> None:
    part = pick_text_part(leaf("image", "png", name="x.png"))
    assert part.section is None
    assert part.attachments[0].filename == "x.png"


def test_plan_first_sync_incremental_and_reset() -> None:
    status = FolderStatus(uidvalidity=7, uidnext=11, exists=10, highestmodseq=50)
    first = plan_folder(FolderState(), status, condstore=True)
    assert (first.remap, first.fetch_after, first.nothing_new) == (False, 0, False)
    known = FolderState(uidvalidity=7, highest_uid=10, highestmodseq=50)
    assert plan_folder(known, status, condstore=True).nothing_new
    moved = FolderStatus(uidvalidity=7, uidnext=12, exists=11, highestmodseq=51)
    plan = plan_folder(known, moved, condstore=True)
    assert (plan.fetch_after, plan.flags_since, plan.nothing_new) == (10, 50, False)
    assert plan_folder(known, status, condstore=False).flags_since is None
    reset = FolderStatus(uidvalidity=8, uidnext=3, exists=2, highestmodseq=1)
    assert plan_folder(known, reset, condstore=True).remap


def test_backoff_doubles_and_caps() -> None:
    assert [backoff(n) for n in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert backoff(20) == 60.0
