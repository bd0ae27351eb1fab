"""The bundled demo inbox and `prepare_demo`, on real SQLite files."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from triage.adapters.store import Store
from triage.core.categories import Category
from triage.core.message import Address, Message
from triage.core.parse import parse_message
from triage.demo import (
    DEMO_OWNER,
    NEWEST_AGE,
    category_of,
    demo_messages,
    demo_sent,
    message_date,
    prepare_demo,
    shift_date,
)

NOW = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)
OWNER = set(DEMO_OWNER.addresses)
PARSED = {m.name: parse_message(m.data) for m in demo_messages()}


def owner_in(addresses: tuple[Address, ...]) -> bool:
    return any(a.key in OWNER for a in addresses)


def test_the_demo_has_about_forty_messages_in_every_category_and_none_has_a_parse_note() -> None:
    messages = demo_messages()
    assert 38 <= len(messages) <= 45
    counts = Counter(m.category for m in messages)
    assert set(counts) == set(Category)
    assert min(counts.values()) >= 6
    noted = {name: m.notes for name, m in PARSED.items() if m.notes}
    assert noted == {}
    ids = [m.message_id for m in PARSED.values()]
    assert all(ids)
    assert len(set(ids)) == len(ids)


def test_every_message_uses_reserved_names_only() -> None:
    for name, message in PARSED.items():
        for address in (*message.from_, *message.recipients, *message.reply_to):
            assert address.domain.endswith(".example"), (name, address)


def where(predicate: Callable[[Message], bool]) -> list[str]:
    return [name for name, m in PARSED.items() if predicate(m)]


def only(category: Category, names: list[str]) -> list[str]:
    return [n for n in names if category_of(n) is category]


def test_the_hard_cases_are_there() -> None:
    def both_in_to(m: Message) -> bool:
        return owner_in(m.to) and len(m.to) >= 2 and not m.cc

    def others_in_cc(m: Message) -> bool:
        return owner_in(m.to) and bool(m.cc) and not owner_in(m.cc)

    def owner_only_cc(m: Message) -> bool:
        return owner_in(m.cc) and not owner_in(m.to)

    def reply(m: Message) -> bool:
        return bool(m.in_reply_to)

    blind, sales = Category.BLIND_INTRO, Category.SALES_PITCH
    opt_in, other = Category.OPT_IN, Category.OTHER
    assert only(blind, where(both_in_to))
    assert only(blind, where(others_in_cc))
    assert only(blind, where(owner_only_cc))
    assert only(other, where(owner_only_cc))
    assert only(blind, where(reply)), "an intro inside a thread"
    assert only(other, where(reply)), "a reply in an existing thread"
    assert only(opt_in, where(reply)), "the agreed intro that follows an opt-in"
    texts = {name: m.text.lower() for name, m in PARSED.items()}
    assert any("suggested" in t or "said i should" in t for t in texts.values())
    assert only(blind, [n for n in texts if "uncle" in texts[n]]), "an intro from family"
    assert only(opt_in, [n for n in texts if "would you be open" in texts[n]])
    assert only(opt_in, [n for n in texts if "as agreed" in texts[n]])
    assert only(opt_in, [n for n in texts if "see if she's open" in texts[n]])
    assert only(sales, [n for n in texts if "pick your brain" in texts[n]])
    assert only(other, [n for n in texts if "pick your brain" in texts[n]])
    assert only(sales, [n for n in texts if "cal.example/" in texts[n]]), "a calendar link"
    for harmless in ("introduction", "quick call", "meet"):
        assert only(other, [n for n in texts if harmless in texts[n]]), harmless
    assert only(other, where(lambda m: bool(m.list_unsubscribe)))
    assert only(other, [n for n in PARSED if "receipt" in n or "dispatched" in texts[n]])
    assert where(lambda m: m.body_format == "html"), "an HTML-only message"
    heads = {m.name: m.data.split(b"\n\n", 1)[0] for m in demo_messages()}
    assert len([n for n, h in heads.items() if b"multipart/alternative" in h]) >= 3
    assert len([n for n, h in heads.items() if b"=?utf-8?" in h]) >= 3, "RFC 2047 headers"
    assert where(lambda m: any(a.content_type == "text/calendar" for a in m.attachments))
    assert where(lambda m: any(a.content_type == "message/rfc822" for a in m.attachments))
    assert [n for n, h in heads.items() if b"iso-8859-1" in h and "café" in PARSED[n].text]


def test_dates_span_weeks_and_time_zones() -> None:
    dates = [m.date for m in PARSED.values()]
    assert all(d is not None for d in dates)
    aware = [d for d in dates if d is not None]
    assert max(aware) - min(aware) >= timedelta(days=21)
    assert len({d.utcoffset() for d in aware}) >= 8


def test_prepare_demo_builds_the_store_with_the_newest_message_just_before_now(
    tmp_path: Path,
) -> None:
    settings = prepare_demo(tmp_path, now=NOW)
    assert settings.store_path == tmp_path / "demo" / "triage.db"
    assert settings.owner == DEMO_OWNER
    transport = settings.replies.local_transport
    assert transport is not None
    assert transport.transport == "folder"
    assert transport.folder == str(tmp_path / "demo" / "outbox")
    assert settings.accounts == {}
    assert oct(settings.store_path.stat().st_mode & 0o777) == "0o600"
    store = Store.open(settings.store_path)
    try:
        stored = list(store.messages())
    finally:
        store.close()
    assert len(stored) == len(PARSED)
    assert {s.folder for s in stored} == {"INBOX"}
    newest = stored[0].message
    assert newest.date is not None
    assert newest.date == NOW - NEWEST_AGE
    # Every message moved by the same amount and kept its own UTC offset.
    by_id = {m.message_id: m for m in PARSED.values()}
    shifts = set()
    for item in stored:
        original = by_id[item.message.message_id]
        assert original.date is not None
        assert item.message.date is not None
        assert item.message.date.utcoffset() == original.date.utcoffset()
        shifts.add(item.message.date - original.date)
        assert item.message.subject == original.subject
        assert item.message.to == original.to
    assert len(shifts) == 1


def test_prepare_demo_starts_afresh_each_call_and_touches_nothing_else(tmp_path: Path) -> None:
    mine = tmp_path / "triage.db"
    mine.write_bytes(b"the user's own store")
    settings = prepare_demo(tmp_path, now=NOW)
    outbox = tmp_path / "demo" / "outbox"
    outbox.mkdir()
    (outbox / "reply.eml").write_bytes(b"Subject: sent in the last demo\n\n")
    store = Store.open(settings.store_path)
    store.db.execute("DELETE FROM messages WHERE id IN (SELECT id FROM messages LIMIT 5)")
    store.db.conn.commit()
    store.close()
    later = NOW + timedelta(days=30)
    again = prepare_demo(tmp_path, now=later)
    store = Store.open(again.store_path)
    try:
        assert store.count() == len(PARSED)
        first = next(store.messages()).message.date
    finally:
        store.close()
    assert first == later - NEWEST_AGE
    assert not outbox.exists()
    assert mine.read_bytes() == b"the user's own store"


def test_prepare_demo_defaults_to_the_data_folder_and_the_current_time() -> None:
    before = datetime.now(UTC)
    settings = prepare_demo()
    assert settings.store_path == Path(os.environ["TRIAGE_DATA_DIR"]) / "demo" / "triage.db"
    store = Store.open(settings.store_path)
    try:
        newest = next(store.messages()).message.date
    finally:
        store.close()
    assert newest is not None
    assert before - NEWEST_AGE - timedelta(seconds=1) <= newest <= datetime.now(UTC)


def test_a_naive_now_is_local_time(tmp_path: Path) -> None:
    naive = datetime(2027, 1, 10, 12, 0)
    settings = prepare_demo(tmp_path, now=naive)
    store = Store.open(settings.store_path)
    try:
        newest = next(store.messages()).message.date
    finally:
        store.close()
    assert newest == naive.astimezone() - NEWEST_AGE


def test_shift_date_moves_only_the_top_level_date_and_keeps_line_ends() -> None:
    raw = (
        b"From: a@b.example\r\nDate: Fri, 20 Nov 2026\r\n 15:47:21 +0100\r\n"
        b"Subject: x\r\n\r\nDate: Thu, 19 Nov 2026 09:00:00 +0000\r\n"
    )
    moved = shift_date(raw, timedelta(days=3, hours=1))
    assert moved == (
        b"From: a@b.example\r\nDate: Mon, 23 Nov 2026 16:47:21 +0100\r\n"
        b"Subject: x\r\n\r\nDate: Thu, 19 Nov 2026 09:00:00 +0000\r\n"
    )
    assert message_date(moved) == datetime(
        2026, 11, 23, 16, 47, 21, tzinfo=timezone(timedelta(hours=1))
    )
    undated = b"Subject: no date\n\nDate: in the body only\n"
    assert shift_date(undated, timedelta(days=1)) == undated


def test_forwarded_message_keeps_its_own_date(tmp_path: Path) -> None:
    forwarded = next(m for m in demo_messages() if "forwarded" in m.name)
    moved = shift_date(forwarded.data, timedelta(days=100))
    assert b"Date: Thu, 19 Nov 2026 09:00:00 +0000" in moved
    assert message_date(moved) == (message_date(forwarded.data) or NOW) + timedelta(days=100)


@pytest.mark.parametrize("name", ["01.eml", "01-nonsense-x.eml"])
def test_badly_named_demo_files_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=r"nonsense|NN-category-slug"):
        category_of(name)


def test_the_owners_sent_mail_is_stored_as_sent_and_answers_the_threads(tmp_path: Path) -> None:
    sent = {name: parse_message(raw) for name, raw in demo_sent()}
    assert len(sent) >= 5
    assert all(m.sender is not None and m.sender.key in OWNER for m in sent.values())
    sent_ids = {m.message_id for m in sent.values()}
    # Every inbox reply to one of Sam's messages answers mail that is in the demo's Sent.
    answering = [
        m.in_reply_to
        for m in PARSED.values()
        if m.in_reply_to.endswith(("@okafor-studio.example>", "@mail.mailbox.example>"))
    ]
    assert len(answering) >= 5
    assert set(answering) <= sent_ids
    settings = prepare_demo(tmp_path, now=NOW)
    store = Store.open(settings.store_path)
    try:
        assert store.count() == len(PARSED)
        stored = [s for s in store.messages(include_sent=True) if s.folder == "Sent"]
        flags = store.db.execute("SELECT DISTINCT is_sent FROM messages WHERE folder = 'Sent'")
        assert [row[0] for row in flags] == [1]
    finally:
        store.close()
    assert {s.message.message_id for s in stored} == sent_ids
    newest_inbox = max(m.date for m in PARSED.values() if m.date is not None)
    delta = NOW - NEWEST_AGE - newest_inbox
    by_id = {m.message_id: m for m in sent.values()}
    for item in stored:
        original = by_id[item.message.message_id].date
        assert original is not None
        assert item.message.date == original + delta


def test_the_demo_inbox_is_classified_with_contacts_learnt_from_sent_mail(tmp_path: Path) -> None:
    settings = prepare_demo(tmp_path, now=NOW)
    store = Store.open(settings.store_path)
    try:
        verdicts = dict(
            store.db.execute(
                "SELECT m.message_id, v.category FROM messages m "
                "LEFT JOIN verdicts v ON v.message_pk = m.id WHERE m.is_sent = 0"
            ).fetchall()
        )
        sent_verdicts = store.db.execute(
            "SELECT count(*) FROM verdicts v JOIN messages m ON m.id = v.message_pk "
            "WHERE m.is_sent = 1"
        ).fetchone()[0]
        contacts = {row[0] for row in store.db.execute("SELECT address FROM contacts")}
    finally:
        store.close()
    assert set(verdicts) == {m.message_id for m in PARSED.values()}
    assert None not in verdicts.values()
    assert {Category(c) for c in verdicts.values() if c} == set(Category)
    assert sent_verdicts == 0
    written = {a.key for _, raw in demo_sent() for a in parse_message(raw).recipients}
    assert contacts == written
    assert "lena@bergwerk.example" in contacts
    assert "jake.turner@brightpath-talent.example" not in contacts


def test_asks_sam_already_answered_are_recorded_as_accepted_when_he_replied(
    tmp_path: Path,
) -> None:
    settings = prepare_demo(tmp_path, now=NOW)
    store = Store.open(settings.store_path)
    try:
        done = store.db.execute(
            "SELECT m.subject, a.action, a.created_ts, a.undone_ts, s.date_ts FROM actions a "
            "JOIN messages m ON m.id = a.message_pk "
            "JOIN messages s ON s.in_reply_to = m.message_id AND s.is_sent = 1 "
            "ORDER BY a.created_ts"
        ).fetchall()
        total = store.db.execute("SELECT count(*) FROM actions").fetchone()[0]
    finally:
        store.close()
    assert [(subject, action) for subject, action, *_ in done] == [
        ("Would you be open to meeting Tobias?", "accept"),
        ("Sam <> Kwame (Tidepool Robotics)", "accept"),
    ]
    assert total == 2
    assert all(created == sent for _, _, created, _, sent in done)
    assert all(undone is None for _, _, _, undone, _ in done)
