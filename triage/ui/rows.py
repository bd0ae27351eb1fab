"""The message list's window onto a view: a few cached pages of rows, never the whole view."""

from __future__ import annotations

from collections import OrderedDict

from triage.adapters.inbox import PageRequest, Row, View

PAGE_SIZE = 64
"""Rows per page fetched from the store."""
MAX_PAGES = 24
"""Pages kept in memory (about 1,500 rows); the least recently used go first."""


class RowWindow:
    """Cached pages of one view: what the list can draw now and what it must fetch.

    Args:
        view: The view shown.
        total: How many rows it has.
        ids: For search results, every matching id in order (search keeps ids only).
    """

    def __init__(self, view: View, total: int, ids: tuple[int, ...] = ()) -> None:
        self.view = view
        self.total = total
        self.ids = ids
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._wanted: set[int] = set()

    def get(self, index: int) -> Row | None:
        """The row at `index` if its page is cached."""
        if not 0 <= index < self.total:
            return None
        rows = self._pages.get(index // PAGE_SIZE)
        if rows is None:
            return None
        self._pages.move_to_end(index // PAGE_SIZE)
        offset = index % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def index_of(self, message_pk: int) -> int | None:
        """Where a cached row is, if it is cached."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == message_pk:
                    return page * PAGE_SIZE + offset
        return None

    def missing(self, first: int, last: int) -> list[int]:
        """Pages covering rows `first..last` (and one page either side) not yet cached or asked.

        Marks them as asked for, so a page is requested once until it arrives.
        """
        if self.total <= 0:
            return []
        low = max(0, first) // PAGE_SIZE
        high = min(self.total - 1, max(first, last)) // PAGE_SIZE
        wanted = [low, *range(low + 1, high + 1)]
        # Prefetch neighbours so j/k and page down rarely wait.
        wanted += [p for p in (low - 1, high + 1) if 0 <= p * PAGE_SIZE < self.total]
        out = [p for p in wanted if p not in self._pages and p not in self._wanted]
        self._wanted.update(out)
        return out

    def request(self, page: int) -> PageRequest:
        """The store request for one page, with its cached neighbours for a keyset read."""
        offset = page * PAGE_SIZE
        limit = min(PAGE_SIZE, self.total - offset)
        above = self._pages.get(page - 1)
        below = self._pages.get(page + 1)
        after = above[-1] if above and len(above) == PAGE_SIZE else None
        before = below[0] if below and after is None else None
        ids = self.ids[offset : offset + limit] if self.view.kind == "search" else ()
        return PageRequest(self.view, self.total, offset, limit, after, before, ids)

    def put(self, page: int, rows: list[Row]) -> None:
        """Store a fetched page, dropping the least recently used beyond `MAX_PAGES`."""
        self._wanted.discard(page)
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def forget(self, page: int) -> None:
        """Give up on a page that failed to load (it is asked for again when next needed)."""
        self._wanted.discard(page)

    @property
    def cached_pages(self) -> int:
        """How many pages are in memory."""
        return len(self._pages)
