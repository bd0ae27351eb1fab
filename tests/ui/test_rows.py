"""The list's row window: bounded memory, keyset neighbours, one request per page."""

from __future__ import annotations

from triage.adapters.inbox import TRIAGE, Row, View
from triage.ui.rows import MAX_PAGES, PAGE_SIZE, RowWindow


def _rows(page: int) -> list[Row]:
    start = page * PAGE_SIZE
    return [
        Row(start + i, "s", "s@x", "subj", float(start + i), None, 0.9, False, None)
        for i in range(PAGE_SIZE)
    ]


def test_a_huge_view_keeps_only_a_few_pages() -> None:
    window = RowWindow(TRIAGE, 100_000)
    for page in range(0, 100_000 // PAGE_SIZE, 7):
        window.put(page, _rows(page))
    assert window.cached_pages == MAX_PAGES


def test_missing_asks_each_page_once_and_prefetches_neighbours() -> None:
    window = RowWindow(TRIAGE, 1000)
    first = window.missing(PAGE_SIZE * 3, PAGE_SIZE * 3 + 10)
    assert sorted(first) == [2, 3, 4]
    assert window.missing(PAGE_SIZE * 3, PAGE_SIZE * 3 + 10) == []
    window.forget(3)
    assert window.missing(PAGE_SIZE * 3, PAGE_SIZE * 3 + 1) == [3]


def test_requests_use_cached_neighbours_for_keyset_reads() -> None:
    window = RowWindow(TRIAGE, 1000)
    window.put(4, _rows(4))
    after = window.request(5)
    assert after.after is not None
    assert after.after.id == 5 * PAGE_SIZE - 1
    before = window.request(3)
    assert before.before is not None
    assert before.before.id == 4 * PAGE_SIZE
    cold = window.request(9)
    assert cold.after is None
    assert cold.before is None
    assert cold.offset == 9 * PAGE_SIZE


def test_search_requests_carry_their_ids() -> None:
    ids = tuple(range(500, 700))
    window = RowWindow(View("search", query="x"), len(ids), ids)
    assert window.request(1).ids == ids[PAGE_SIZE : 2 * PAGE_SIZE]
    assert window.get(5) is None
