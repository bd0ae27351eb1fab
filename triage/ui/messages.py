"""App-wide messages: sync state, store changes, outbox progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

SyncState = Literal["off", "connecting", "syncing", "idle", "offline", "error"]
"""What the background sync is doing ("off" when no account is configured)."""


@dataclass
class SyncStatus(Message):
    """The background sync changed state (posted from the sync worker thread)."""

    account: str
    state: SyncState
    detail: str = ""

    def can_replace(self, message: Message) -> bool:
        """A newer status of the same account replaces an unprocessed older one."""
        return isinstance(message, SyncStatus) and message.account == self.account


@dataclass
class StoreChanged(Message):
    """Messages were added, changed, handled or re-labelled: counts and lists are stale."""

    ids: tuple[int, ...] = ()
    reason: str = ""


@dataclass
class OutboxChanged(Message):
    """The outbox runner sent, retried or failed a reply."""

    kind: str
    outbox_id: int
    action_id: int | None
    detail: str = ""
