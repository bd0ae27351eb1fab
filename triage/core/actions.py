"""The four one-key answers to an ask."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    """What the owner does with a message."""

    DECLINE = "decline"
    """A kind, short no; for a blind intro, privately to the introducer."""
    ACCEPT = "accept"
    """Yes; for an intro, reply to the introduced person with the introducer moved to Bcc."""
    ASK = "ask"
    """Ask for context: backstory, benefit to both sides, the exact ask, the time needed."""
    IGNORE = "ignore"
    """No reply at all: the message is marked handled."""

    @property
    def sends_reply(self) -> bool:
        """True for the actions that compose a reply."""
        return self is not Action.IGNORE
