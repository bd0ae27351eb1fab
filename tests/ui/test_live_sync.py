"""The open screen over a real Dovecot: background sync, then new mail pushed by IDLE."""

from __future__ import annotations

import time
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support.dovecot import Dovecot
from tests.ui import inboxgen
from tests.ui.conftest import fixed_clock, make_settings
from triage.adapters.inbox import View
from triage.core.categories import Category
from triage.ui.app import TriageApp, make_app
from triage.ui.widgets.category_tabs import CategoryTabs
from triage.ui.widgets.message_list import MessageList
from triage.ui.widgets.status_bar import StatusBar

pytestmark = pytest.mark.dovecot

OTHER = View("category", Category.OTHER)


def note(n: int, subject: str) -> bytes:
    """An ordinary message to the generated owner from a colleague."""
    msg = EmailMessage()
    msg["From"] = f"Robin Colleague <robin{n}@{inboxgen.OWNER.domain}>"
    msg["To"] = str(inboxgen.OWNER)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(inboxgen.NOW)
    msg["Message-ID"] = make_msgid(f"live{n}", "example.org")
    msg.set_content("The standup moves to 10:30 tomorrow. Same room.\n")
    return msg.as_bytes(policy=SMTP)


async def wait_for(
    pilot: Pilot[None], what: str, check: Callable[[], bool], timeout: float = 20.0
) -> None:
    """Let the app run until `check()` is true (the background workers are real threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def other_count(app: TriageApp) -> int | None:
    counts = app.screen.query_one(CategoryTabs).counts
    return None if counts is None else counts.of(OTHER)


async def test_new_mail_appears_without_a_key_press(
    dovecot: Dovecot, tmp_path: Path, store_path: Path
) -> None:
    dovecot.append("INBOX", note(1, "Standup moved"))
    settings = make_settings(tmp_path, store_path).model_copy(
        update={"accounts": {"work": dovecot.tls_account()}}
    )
    app = make_app(settings, store_path, clock=fixed_clock, sync=True, outbox=False)
    async with app.run_test(size=(120, 40)) as pilot:
        status = app.screen.query_one(StatusBar)
        await wait_for(pilot, "the first sync to end in IDLE", lambda: status.sync_state == "idle")
        await wait_for(pilot, "the counts", lambda: other_count(app) is not None)
        before = other_count(app)
        assert before is not None

        dovecot.append("INBOX", note(2, "Pushed while the screen is open"))
        await wait_for(pilot, "the pushed message", lambda: other_count(app) == before + 1)

        await pilot.press("4")
        listing = app.screen.query_one(MessageList)

        def subjects() -> list[str]:
            rows = [listing.window.get(i) for i in range(min(listing.window.total, 5))]
            return [row.subject for row in rows if row is not None]

        await wait_for(
            pilot,
            "the pushed message listed",
            lambda: "Pushed while the screen is open" in subjects(),
        )
        assert "Standup moved" in subjects()
        assert status.sync_state == "idle"
