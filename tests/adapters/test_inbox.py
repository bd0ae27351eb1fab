"""The triage screen's queries on a real store: counts, pages by offset and keyset, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui import inboxgen
from triage.adapters import inbox
from triage.adapters.inbox import TRIAGE, PageRequest, View
from triage.adapters.store import Location, Store
from triage.core.categories import Category
from triage.core.message import Address, Message

VIEWS = [TRIAGE, *(View.of(c) for c in Category)]


@pytest.fixture
def filled(store: Store) -> Store:
    inboxgen.fill(store, 300)
    return store


def _all(store: Store, view: View) -> list[int]:
    return [r.id for r in inbox.page(store, view, 0, 10_000)]


def test_counts_match_the_rows(filled: Store) -> None:
    counts = inbox.counts(filled)
    assert sum(counts.per_category.values()) == 300
    for view in VIEWS:
        assert counts.of(view) == len(_all(filled, view))
    assert 0 < counts.to_triage < 300


def test_triage_view_is_unhandled_asks_oldest_first(filled: Store) -> None:
    rows = inbox.page(filled, TRIAGE, 0, 10_000)
    assert all(r.category is not None and r.category.is_ask and r.action is None for r in rows)
    stamps = [r.ts for r in rows]
    assert stamps == sorted(stamps)  # type: ignore[type-var]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.category or v.kind)
def test_every_way_of_reading_a_page_agrees(filled: Store, view: View) -> None:
    everything = _all(filled, view)
    total = len(everything)
    size = 16
    for offset in range(0, total, size):
        expected = everything[offset : offset + size]
        by_offset = [r.id for r in inbox.page(filled, view, offset, size)]
        from_end = [r.id for r in inbox.page_from_end(filled, view, total, offset, size)]
        assert by_offset == expected
        assert from_end == expected
        if offset:
            above = inbox.page(filled, view, offset - size, size)
            request = PageRequest(view, total, offset, size, after=above[-1])
            assert [r.id for r in inbox.fetch(filled, request)] == expected
        if offset + size < total:
            below = inbox.page(filled, view, offset + size, size)
            request = PageRequest(view, total, offset, size, before=below[0])
            assert [r.id for r in inbox.fetch(filled, request)] == expected


def test_search_matches_sender_subject_and_text_newest_first(filled: Store) -> None:
    pk = filled.add_message(
        Message(
            message_id="<needle@example>",
            subject="Zanzibar offsite",
            from_=(Address("Quentin Blackwood", "quentin@fjord.example"),),
            text="Bring the marmalade spreadsheet.",
        ),
        Location("local", "INBOX"),
    )
    assert pk is not None
    for words in ["zanzibar", "blackwood", "quentin@fjord", "marmalade spread", "Marma"]:
        assert inbox.search(filled, words) == [pk], words
    assert inbox.search(filled, "") == []
    assert inbox.search(filled, "nothing-like-this-anywhere") == []
    found = inbox.search(filled, "pick your brain")
    rows = inbox.rows_by_id(filled, found)
    assert rows
    stamps = [r.ts for r in rows]
    assert stamps == sorted(stamps, reverse=True)  # type: ignore[type-var]


def test_search_follows_updates_and_deletes(filled: Store) -> None:
    pk = filled.add_message(
        Message(message_id="<x@example>", subject="Walrus", text="tusks"), Location("l", "I")
    )
    assert inbox.search(filled, "walrus") == [pk]
    filled.db.execute("UPDATE messages SET subject = 'Narwhal' WHERE id = ?", [pk])
    assert inbox.search(filled, "walrus") == []
    assert inbox.search(filled, "narwhal") == [pk]
    filled.db.execute("DELETE FROM messages WHERE id = ?", [pk])
    assert inbox.search(filled, "narwhal") == []


def test_search_text_is_never_fts_syntax() -> None:
    assert inbox.fts_query('a "b" OR c*') == '"a" AND "b" AND "OR" AND "c"*'
    assert inbox.fts_query("  -- ") == ""


def test_the_index_is_backfilled_for_existing_messages(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store.open(path)
    inboxgen.fill(store, 20)
    expected = inbox.search(store, "jordan")
    assert len(expected) > 10
    store.db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('delete-all')")
    assert inbox.search(store, "jordan") == []
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0006_tui_fts'")
    # As a store from before 0006 looked: no index, no triggers.
    for kind, name in [
        ("TRIGGER", "messages_fts_insert"),
        ("TRIGGER", "messages_fts_delete"),
        ("TRIGGER", "messages_fts_update"),
        ("TABLE", "messages_fts"),
        ("INDEX", "messages_tui_order"),
    ]:
        store.db.execute(f"DROP {kind} {name}")
    store.close()
    reopened = Store.open(path)
    assert inbox.search(reopened, "jordan") == expected
    reopened.close()


def test_detail_has_the_verdict_and_the_action(filled: Store) -> None:
    handled = filled.db.execute("SELECT message_pk, action FROM actions LIMIT 1").fetchone()
    found = inbox.detail(filled, handled[0])
    assert found is not None
    assert found.action is not None
    assert found.action.value == handled[1]
    assert found.verdict is not None
    assert found.verdict.reasons
    assert inbox.detail(filled, 10**9) is None
