"""Raw RFC 5322 bytes to `Message`, with the stdlib `email` package and `policy.default`.

Parsing never raises: a header that cannot be read is left empty, a body in a broken or
unknown charset is decoded with replacement characters, and each such problem is recorded
in `Message.notes` so the store keeps what could be read and says what could not.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from types import MappingProxyType
from typing import cast

from triage.core.htmltext import html_to_text
from triage.core.message import Address, Attachment, Message

TEXT_LIMIT = 200_000
"""Characters of readable text kept per message; the rest is cut (and noted)."""

MAX_PARTS = 500
"""MIME parts visited per message; pathological messages have thousands."""

MAX_DEPTH = 40
"""Nesting depth of multiparts followed."""

HEADER_LIMIT = 16_384
"""Characters of one header given to the email package's header parser; longer ones are
cut and decoded leniently (its parse tree takes ~1.5 KB per character: a 200 KB Subject of
encoded words costs 300 MB and seconds)."""

EXTRA_HEADERS = (
    "precedence",
    "auto-submitted",
    "x-auto-response-suppress",
    "x-autoreply",
    "x-autorespond",
    "sender",
    "list-post",
    "feedback-id",
    "x-mailer",
    "user-agent",
    "x-campaign-id",
    "x-mailgun-tag",
    "return-path",
    "delivered-to",
    "x-original-to",
    "content-type",
)
"""Headers kept in `Message.headers` for the classifier, besides the named fields."""

_MSGID_RE = re.compile(r"<[^<>\s]+>")
_SURROGATE = re.compile("[\udc80-\udcff]")
_UNKNOWN_ZONE = re.compile(r"-0000\s*(?:\([^()]*\))?\s*$")


class _Registry(HeaderRegistry):
    """`policy.default`'s header factory, made cheap to call again.

    The stdlib builds a new class on every header lookup and parses the same value again on
    every `get` (`get_content_type` re-parses Content-Type each time the feed parser or the body
    walk asks). Header objects are immutable, so classes are kept per name and parsed headers
    per (name, value); what comes out is exactly what `policy.default` would build.
    """

    def __getitem__(self, name: str) -> type[BaseHeader]:
        return _header_class(self, name.lower())

    def __call__(self, name: str, value: str) -> BaseHeader:
        if len(value) > _CACHED_VALUE:
            return self[name](name, value)
        return _cached_header(self, name, value)


_CACHED_VALUE = 200
"""Longest header value whose parsed object is kept for reuse. A parse tree takes 150-500 bytes
per character, so the 256 kept objects hold at most ~25 MB (a few MB in practice)."""


@lru_cache(maxsize=64)
def _header_class(registry: HeaderRegistry, name: str) -> type[BaseHeader]:
    return HeaderRegistry.__getitem__(registry, name)


@lru_cache(maxsize=256)
def _cached_header(registry: HeaderRegistry, name: str, value: str) -> BaseHeader:
    return registry[name](name, value)


_POLICY = policy.default.clone(header_factory=_Registry())
_PARSER = BytesParser(policy=_POLICY)
_HEAD_PARSER = BytesHeaderParser(policy=policy.compat32)


@dataclass
class _Notes:
    items: list[str] = field(default_factory=list)

    def add(self, note: str) -> None:
        if note not in self.items:
            self.items.append(note)


def parse_message(raw: bytes, *, size: int | None = None) -> Message:
    """Parse a whole message.

    Args:
        raw: The message as bytes (CRLF or LF line ends).
        size: The size to record; defaults to `len(raw)`.

    Returns:
        The parsed message; problems are listed in `notes`, never raised.
    """
    notes = _Notes()
    if not raw.strip():
        notes.add("empty message")
    try:
        msg = _PARSER.parsebytes(raw)
    except Exception as exc:  # noqa: BLE001 - the parser is documented not to raise, but be sure
        notes.add(f"unparseable message: {exc.__class__.__name__}")
        text = raw.decode("utf-8", "replace")
        return Message(text=text[:TEXT_LIMIT], size=len(raw), notes=tuple(notes.items))
    head = _header_fields(msg, notes)
    text, body_format, attachments = _body(msg, notes)
    return replace(
        head,
        text=text,
        body_format=body_format,
        attachments=tuple(attachments),
        size=len(raw) if size is None else size,
        notes=tuple(notes.items),
    )


def parse_fetched(
    header: bytes,
    body: bytes,
    *,
    content_type: str = "text/plain",
    charset: str | None = None,
    transfer_encoding: str | None = None,
    attachments: Iterable[Attachment] = (),
    size: int = 0,
    truncated: bool = False,
) -> Message:
    """Build a message from its header block and one (possibly partial) text part.

    This is what IMAP sync uses: it fetches the header and the first bytes of the best text
    part, never the whole message.

    Args:
        header: The raw header block (BODY[HEADER]).
        body: The raw, still transfer-encoded bytes of the text part (may be cut short).
        content_type: The part's MIME type, "text/plain" or "text/html" (else no text).
        charset: The part's charset parameter.
        transfer_encoding: The part's Content-Transfer-Encoding.
        attachments: The non-text parts, from BODYSTRUCTURE.
        size: RFC822.SIZE of the whole message.
        truncated: True when `body` is only the first bytes of the part.
    """
    notes = _Notes()
    msg = EmailMessage(policy=_POLICY)
    try:
        # compat32 splits the block exactly as policy.default does (same feed parser and
        # header_source_parse) without building header objects; they are made on demand.
        block = _HEAD_PARSER.parsebytes(header)
    except Exception as exc:  # noqa: BLE001
        notes.add(f"unparseable header: {exc.__class__.__name__}")
    else:
        for name, value in block.raw_items():
            msg.set_raw(name, value)
        msg.defects.extend(block.defects)
    head = _header_fields(msg, notes)
    text = ""
    body_format = "none"
    ctype = content_type.lower()
    if ctype in ("text/plain", "text/html") and body:
        payload = _decode_transfer(body, (transfer_encoding or "7bit").lower(), truncated, notes)
        text = _decode_charset(payload, charset, notes)
        if ctype == "text/html":
            text = _html(text, notes)
            body_format = "html"
        else:
            body_format = "plain"
    text = _limit(text, notes)
    if truncated:
        notes.add("body truncated by sync")
    return replace(
        head,
        text=text,
        body_format=body_format,
        attachments=tuple(attachments),
        size=size,
        notes=tuple(notes.items),
    )


# --- headers -------------------------------------------------------------------------------


def _header_fields(msg: EmailMessage, notes: _Notes) -> Message:
    """A message with the header fields filled in and no body.

    Plain values (printable ASCII, no encoded words, simple address lists) are read directly;
    anything else goes through `policy.default`'s header classes, which stay the reference.
    """
    for defect in getattr(msg, "defects", []):
        notes.add(f"defect: {defect.__class__.__name__}")
    first: dict[str, str] = {}
    for key, value in msg.raw_items():
        first.setdefault(key.lower(), str(value))
    extra = {}
    for name in EXTRA_HEADERS:
        value = _header_str(msg, name, notes, first)
        if value:
            extra[name] = value
    return Message(
        message_id=_first_msgid(_header_str(msg, "message-id", notes, first)),
        subject=_one_line(_header_str(msg, "subject", notes, first)),
        date=_date(msg, notes, first),
        from_=_addresses(msg, "from", notes, first),
        to=_addresses(msg, "to", notes, first),
        cc=_addresses(msg, "cc", notes, first),
        bcc=_addresses(msg, "bcc", notes, first),
        reply_to=_addresses(msg, "reply-to", notes, first),
        in_reply_to=_first_msgid(_header_str(msg, "in-reply-to", notes, first)),
        references=tuple(_MSGID_RE.findall(_header_str(msg, "references", notes, first))),
        list_id=_one_line(_header_str(msg, "list-id", notes, first)),
        list_unsubscribe=_one_line(_header_str(msg, "list-unsubscribe", notes, first)),
        headers=MappingProxyType(extra),
    )


_PRINTABLE = re.compile(r"[\t\x20-\x7e]*\Z")
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_DOT_ATOM = rf"{_ATEXT}+(?:\.{_ATEXT}+)*"
_ADDR_SPEC = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_MAILBOX = re.compile(
    rf"""[ \t]*(?:
        (?P<bare>{_ADDR_SPEC})
      | (?:(?P<quoted>"[^"\\]*")|(?P<phrase>{_ATEXT}+(?:[ \t]+{_ATEXT}+)*))?
        [ \t]*<(?P<angle>{_ADDR_SPEC})>
    )[ \t]*(?:,|\Z)""",
    re.VERBOSE,
)
"""One mailbox of a plain address list: `a@b`, `Name <a@b>` or `"Last, First" <a@b>`."""

_TOKEN = r"[A-Za-z0-9!#$%&+.^_`{|}~-]+"
_PARAMETER = (
    rf"""[ \t]*(?P<name>[A-Za-z0-9_.+-]+)[ \t]*=[ \t]*"""
    rf"""(?:(?P<token>{_TOKEN})|"(?P<quoted>[^"\\]*)")[ \t]*"""
)
_CONTENT_TYPE = re.compile(
    rf"(?P<type>[ \t]*{_TOKEN}[ \t]*/[ \t]*{_TOKEN}[ \t]*)(?P<params>(?:;{_PARAMETER})*)\Z"
)
_CONTENT_PARAMETER = re.compile(rf";{_PARAMETER}")
_MESSAGE_ID = re.compile(r"[ \t]*<[^<>\s()\\\"]+>[ \t]*\Z")
_SPECIALS = frozenset('()<>@,:;.\\"[]')
"""Characters that make `policy.default` quote a display name (email._header_value_parser)."""


def _plain_structured(name: str, value: str) -> str | None:
    """`str()` of `policy.default`'s header object for a plain value of a structured header.

    Only for the shapes this reproduces exactly (checked against the email package by the
    tests); None for anything else, which then goes through the header classes.
    """
    if name == "message-id":
        return value if _MESSAGE_ID.match(value) else None
    if name == "content-type":
        match = _CONTENT_TYPE.match(value)
        if match is None:
            return None
        params: dict[str, str] = {}
        for parameter in _CONTENT_PARAMETER.finditer(match["params"]):
            quoted = parameter["quoted"]
            params.setdefault(parameter["name"], parameter["token"] or quoted or "")
        rendered = "; ".join(f'{k}="{v}"' if v else k for k, v in params.items())
        return match["type"] + (";" + " " + rendered if params else "")
    if name == "sender":
        found = _plain_addresses(value)
        if found is None or len(found) != 1 or found[0].name != _one_line(found[0].name):
            return None
        display, email = found[0].name, found[0].email
        if not display:
            return email
        if not _SPECIALS.isdisjoint(display):
            display = '"' + display + '"'
        return f"{display} <{email}>"
    return value


def _plain(source: str) -> str | None:
    """`source` unfolded as `policy.default` unfolds it, or None when it needs the parser."""
    value = source.replace("\r", "").replace("\n", "")
    if "=?" in value or len(value) > HEADER_LIMIT or _PRINTABLE.match(value) is None:
        return None
    return value


def _plain_addresses(value: str) -> list[Address] | None:
    """The mailboxes of a plain address list, or None when it is anything else.

    Names are as written (quotes removed), not yet put on one line.
    """
    found: list[Address] = []
    position = 0
    while position < len(value):
        match = _MAILBOX.match(value, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        if match["bare"]:
            found.append(Address("", match["bare"]))
        else:
            name = match["quoted"][1:-1] if match["quoted"] else match["phrase"] or ""
            found.append(Address(name, match["angle"]))
    if not found or value.rstrip(" \t").endswith(","):
        return None
    return found


def _header_str(msg: EmailMessage, name: str, notes: _Notes, first: dict[str, str]) -> str:
    """The decoded value of the first `name` header, "" when absent or unreadable."""
    source = first.get(name)
    if source is None:
        return ""
    plain = _plain(source)
    if plain is not None:
        fast = _plain_structured(name, plain)
        if fast is not None:
            return fast
    raw = _one_line(source)
    if len(raw) > HEADER_LIMIT:
        notes.add(f"{name} header cut to {HEADER_LIMIT} characters")
        return _decode_words(raw[:HEADER_LIMIT])
    if _has_surrogates(raw):
        # Raw 8-bit bytes in a header: the header classes would turn them into U+FFFD.
        notes.add(f"8-bit characters in {name} header")
        return _clean(raw)
    try:
        value = msg.get(name)
    except Exception as exc:  # noqa: BLE001 - header classes raise on odd input
        notes.add(f"unreadable {name} header: {exc.__class__.__name__}")
        return _clean(raw)
    if value is None:
        return ""
    try:
        return _clean(str(value))
    except Exception:  # noqa: BLE001
        notes.add(f"unreadable {name} header")
        return _clean(raw)


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded without the header parser (for oversized headers)."""
    try:
        text = str(make_header(decode_header(value)))
    except Exception:  # noqa: BLE001 - a cut or broken encoded word: keep it as written
        text = value
    return _one_line(_clean(text))


def _has_surrogates(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def _clean(value: str) -> str:
    """Undo the parser's surrogate escapes: raw 8-bit header bytes read as UTF-8 or cp1252."""
    if not _has_surrogates(value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _first_msgid(value: str) -> str:
    found = _MSGID_RE.search(value)
    if found:
        return found.group(0)
    value = value.strip()
    return f"<{value}>" if value and " " not in value else ""


def _date(msg: EmailMessage, notes: _Notes, first: dict[str, str]) -> datetime | None:
    source = first.get("date")
    if source is None:
        return None
    raw = _one_line(source)
    value: datetime | None = None
    plain = _plain(source)
    if plain:
        # What `policy.default`'s Date header does with a string, without its parse tree.
        with contextlib.suppress(Exception):
            value = parsedate_to_datetime(plain)
    if value is None:
        header = None
        try:
            if len(raw) <= HEADER_LIMIT:
                header = msg.get("date")
        except Exception:  # noqa: BLE001
            header = None
        if header is not None:
            value = getattr(header, "datetime", None)
    raw = _clean(raw).strip()[:200]
    if value is None and raw:
        value = _date_fallback(raw)
        if value is None:
            notes.add(f"unreadable date: {raw[:60]!r}")
    if value is not None and value.tzinfo is None:
        # "-0000" is RFC 5322's "UTC, local zone unknown": valid, so no note.
        if not _UNKNOWN_ZONE.search(raw):
            notes.add("date without a time zone, read as UTC")
        value = value.replace(tzinfo=UTC)
    return value


def _date_fallback(raw: str) -> datetime | None:
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from dateutil import parser as dateparser

        return dateparser.parse(raw, fuzzy=True)
    except (ValueError, OverflowError, TypeError):
        return None


def _addresses(
    msg: EmailMessage, name: str, notes: _Notes, first: dict[str, str]
) -> tuple[Address, ...]:
    source = first.get(name)
    if source is None:
        return ()
    plain = _plain(source)
    if plain is not None:
        mailboxes = _plain_addresses(plain)
        if mailboxes is not None:
            return tuple(_unique(Address(_one_line(a.name), a.email) for a in mailboxes))
    raw = _one_line(source)
    if len(raw) > HEADER_LIMIT:
        notes.add(f"{name} header cut to {HEADER_LIMIT} characters")
        # Cut at the last comma so no address is read half-way.
        cut = raw[:HEADER_LIMIT].rpartition(",")[0] or raw[:HEADER_LIMIT]
        pairs = getaddresses([_clean(cut)])
        found = [Address(_decode_words(n), a) for n, a in pairs if "@" in a and a.isprintable()]
        return tuple(_unique(found))
    if _has_surrogates(raw):
        notes.add(f"8-bit characters in {name} header")
        return _lenient_addresses(raw)
    try:
        header = msg.get(name)
        if header is None:
            return ()
        found = [
            Address(name=_clean(_one_line(a.display_name)), email=_clean(a.addr_spec))
            for a in getattr(header, "addresses", ())
            if "@" in a.addr_spec
        ]
        if found or not str(header).strip():
            return tuple(_unique(found))
    except Exception:  # noqa: BLE001 - fall back to the lenient parser below
        notes.add(f"malformed {name} header")
    return _lenient_addresses(raw)


def _lenient_addresses(raw: str) -> tuple[Address, ...]:
    pairs = getaddresses([_clean(raw)])
    lenient = [Address(_one_line(n), a) for n, a in pairs if "@" in a and a.isprintable()]
    return tuple(_unique(lenient))


def _unique(addresses: Iterable[Address]) -> Iterator[Address]:
    seen: set[str] = set()
    for address in addresses:
        if address.key not in seen:
            seen.add(address.key)
            yield address


# --- body ----------------------------------------------------------------------------------


@dataclass
class _BodyWalk:
    notes: _Notes
    parts_seen: int = 0
    attachments: list[Attachment] = field(default_factory=list)


def _body(msg: EmailMessage, notes: _Notes) -> tuple[str, str, list[Attachment]]:
    walk = _BodyWalk(notes)
    try:
        chunks = _text_of(msg, walk, depth=0)
    except RecursionError:
        notes.add("MIME structure too deep")
        chunks = []
    text = "\n\n".join(c for _, c in chunks if c.strip())
    formats = {f for f, c in chunks if c.strip()}
    body_format = "plain" if "plain" in formats else ("html" if formats else "none")
    return _limit(text, notes), body_format, walk.attachments


def _text_of(part: EmailMessage, walk: _BodyWalk, depth: int) -> list[tuple[str, str]]:
    """Readable chunks of `part` as (format, text) pairs; attachments are recorded aside."""
    walk.parts_seen += 1
    if walk.parts_seen > MAX_PARTS:
        walk.notes.add(f"more than {MAX_PARTS} MIME parts; the rest skipped")
        return []
    if depth > MAX_DEPTH:
        walk.notes.add("MIME structure too deep")
        return []
    ctype = part.get_content_type()
    if ctype.startswith("multipart/") and not part.is_multipart():
        walk.notes.add("multipart without parts, read as text")
        return [("plain", _part_text(part, walk.notes))]
    if part.is_multipart():
        children = [cast(EmailMessage, p) for p in _children(part, walk)]
        if ctype == "message/rfc822":
            return _forwarded(children, walk, depth)
        if ctype == "multipart/alternative":
            return _alternative(children, walk, depth)
        out: list[tuple[str, str]] = []
        for child in children:
            out.extend(_text_of(child, walk, depth + 1))
        return out
    disposition = part.get_content_disposition()
    filename = _filename(part, walk.notes)
    if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        text = _part_text(part, walk.notes)
        if ctype == "text/html":
            return [("html", _html(text, walk.notes))]
        return [("plain", text)]
    walk.attachments.append(Attachment(filename, ctype, _payload_size(part)))
    return []


def _children(part: EmailMessage, walk: _BodyWalk) -> list[object]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return list(payload)
    walk.notes.add("multipart without parts")
    return []


def _alternative(
    children: list[EmailMessage], walk: _BodyWalk, depth: int
) -> list[tuple[str, str]]:
    """Prefer the plain-text alternative when it has words, else the HTML one."""
    results = [_text_of(child, walk, depth + 1) for child in children]
    plain = [r for r in results if any(f == "plain" and t.strip() for f, t in r)]
    if plain:
        return plain[0]
    readable = [r for r in results if any(t.strip() for _, t in r)]
    return readable[-1] if readable else []


def _forwarded(children: list[EmailMessage], walk: _BodyWalk, depth: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for inner in children:
        subject = _clean(_one_line(str(inner.get("subject", "") or "")))
        walk.attachments.append(Attachment(subject or "forwarded message", "message/rfc822", 0))
        head = [
            "---------- Forwarded message ----------",
            f"From: {_clean(_one_line(str(inner.get('from', '') or '')))}",
            f"Date: {_clean(_one_line(str(inner.get('date', '') or '')))}",
            f"Subject: {subject}",
        ]
        body = _text_of(inner, walk, depth + 1)
        text = "\n".join(head) + "\n\n" + "\n\n".join(t for _, t in body)
        out.append(("plain", "\n".join("> " + line for line in text.splitlines())))
    return out


def _filename(part: EmailMessage, notes: _Notes) -> str:
    try:
        return _clean(_one_line(part.get_filename() or ""))
    except Exception:  # noqa: BLE001
        notes.add("unreadable attachment name")
        return "attachment"


def _payload_size(part: EmailMessage) -> int:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        return 0
    return len(payload) if isinstance(payload, bytes) else 0


def _part_text(part: EmailMessage, notes: _Notes) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        notes.add("undecodable body part")
        return ""
    if not isinstance(payload, bytes):
        return ""
    for defect in getattr(part, "defects", []):
        notes.add(f"defect: {defect.__class__.__name__}")
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001
        charset = None
    return _decode_charset(payload, charset, notes)


def _decode_transfer(body: bytes, cte: str, truncated: bool, notes: _Notes) -> bytes:
    import base64
    import binascii
    import quopri

    if cte == "base64":
        data = b"".join(body.split())
        if truncated:
            data = data[: len(data) - len(data) % 4]
        try:
            return base64.b64decode(data + b"=" * (-len(data) % 4), validate=False)
        except (binascii.Error, ValueError):
            notes.add("broken base64 body")
            return body
    if cte == "quoted-printable":
        return quopri.decodestring(body)
    return body


_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc-cn": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "iso-8859-9": "cp1254",
}
"""Charsets that mail labels with a narrower name than it uses (as browsers read them)."""


def _codec(name: str) -> str | None:
    """The Python codec for a charset label, tolerating `x-` prefixes and stray `charset=`."""
    for candidate in (name, name.removeprefix("charset="), name.removeprefix("x-")):
        try:
            return codecs.lookup(candidate.strip().strip('"')).name
        except LookupError:
            continue
    return None


def _decode_charset(payload: bytes, charset: str | None, notes: _Notes) -> str:
    name = (charset or "").strip().strip('"').lower()
    if name in ("", "us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("cp1252", "replace")
    codec = _codec(name)
    if codec is None:
        notes.add(f"unknown charset {name!r}")
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            return payload.decode("cp1252", "replace")
    # The wider charset first (GBK bytes labelled gb2312, cp1252 quotes labelled latin-1),
    # then the label itself; only when both fail is anything replaced (and noted).
    wider = _SUPERSETS.get(name, codec)
    for attempt in dict.fromkeys((wider, codec)):
        try:
            return payload.decode(attempt)
        except UnicodeDecodeError:
            continue
        except Exception:  # noqa: BLE001 - some codecs raise other errors on odd input
            break
    notes.add(f"body not valid {name}")
    try:
        return payload.decode(wider, "replace")
    except Exception:  # noqa: BLE001
        return payload.decode("utf-8", "replace")


def _html(html: str, notes: _Notes) -> str:
    try:
        return html_to_text(html)
    except Exception as exc:  # noqa: BLE001 - never lose a message to the HTML converter
        notes.add(f"HTML not convertible: {exc.__class__.__name__}")
        return re.sub(r"<[^>]+>", " ", html)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _limit(text: str, notes: _Notes) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) > TEXT_LIMIT:
        notes.add(f"text cut to {TEXT_LIMIT} characters")
        return text[:TEXT_LIMIT]
    return text
