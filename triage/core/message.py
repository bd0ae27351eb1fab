"""The message model shared by every layer: immutable, parsed, ready to classify and show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address as _HeaderAddress
from types import MappingProxyType

SNIPPET_LENGTH = 160
"""How many characters of the readable text the snippet keeps."""


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox: a display name (may be empty) and an address."""

    name: str
    email: str

    @property
    def key(self) -> str:
        """The address lower-cased, for comparisons and look-ups."""
        return self.email.strip().lower()

    @property
    def domain(self) -> str:
        """The part after the last `@`, lower-cased ("" when there is none)."""
        return self.key.rpartition("@")[2] if "@" in self.key else ""

    @property
    def display(self) -> str:
        """The name when there is one, else the address."""
        return self.name or self.email

    def __str__(self) -> str:
        """RFC 5322 form, quoted and encoded by the email package when needed."""
        if not self.name:
            return self.email
        try:
            username, _, domain = self.email.rpartition("@")
            return str(_HeaderAddress(display_name=self.name, username=username, domain=domain))
        except (ValueError, IndexError):
            return self.email

    def as_pair(self) -> list[str]:
        """`[name, email]`, the shape stored as JSON."""
        return [self.name, self.email]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A non-text part: its file name (may be empty), MIME type and decoded size in bytes."""

    filename: str
    content_type: str
    size: int


def _empty_headers() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Message:
    """A parsed email message with the fields triage reads.

    Parsing never fails: what could not be read is left empty and described in `notes`.
    """

    message_id: str = ""
    """The Message-ID with its angle brackets, or "" when the message has none."""
    subject: str = ""
    date: datetime | None = None
    """The Date header as an aware datetime, or None when missing or unreadable."""
    from_: tuple[Address, ...] = ()
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    list_id: str = ""
    list_unsubscribe: str = ""
    headers: Mapping[str, str] = field(default_factory=_empty_headers)
    """Other headers the classifier reads (lower-case names): precedence, auto-submitted, …"""
    text: str = ""
    """The readable text of the body (HTML converted to text), quotes and signature included."""
    body_format: str = "plain"
    """Where `text` came from: "plain", "html" or "none"."""
    attachments: tuple[Attachment, ...] = ()
    size: int = 0
    """Size of the whole message in bytes, as stored on the server or on disk."""
    notes: tuple[str, ...] = ()
    """What went wrong while parsing (broken charset, malformed header, …)."""

    @property
    def sender(self) -> Address | None:
        """The first From address, if any."""
        return self.from_[0] if self.from_ else None

    @property
    def has_attachments(self) -> bool:
        """True when the message carries at least one non-text part."""
        return bool(self.attachments)

    @property
    def snippet(self) -> str:
        """The first words of the text on one line."""
        return make_snippet(self.text)

    @property
    def recipients(self) -> tuple[Address, ...]:
        """To, then Cc, then Bcc."""
        return self.to + self.cc + self.bcc


def make_snippet(text: str, length: int = SNIPPET_LENGTH) -> str:
    """Collapse whitespace and cut `text` to at most `length` characters."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    return flat[: length - 1].rstrip() + "…"
