"""Composing a reply: who it goes to (by role), its threading headers, and the message itself.

Pure: works from a `Message`, its category, the action, the owner and the introduction's
roles. A template says who the reply goes to as data (a front-matter block naming roles, see
`parse_front_matter`); this module resolves those roles to addresses, applies the reply-all
rules, and builds an `email.message.EmailMessage` in which every header value went through
the email package (a CR or LF in a name or subject can never start a new header).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address as HeaderAddress
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime
from typing import Any

from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.message import Address, Message
from triage.core.roles import (
    Roles,
    asks_owner_to_introduce,
    is_no_reply,
    is_role_address,
    name_from_text,
    owner_keys,
)
from triage.core.verdict import Reason

ROLES: tuple[str, ...] = ("sender", "introducer", "introduced", "others", "all")
"""Names a template may use for recipients.

- `sender`: who wrote the message (its Reply-To when it has one);
- `introducer`: who made the introduction (the sender of a "meet X" message);
- `introduced`: the people being introduced (the Cc'd stranger, or a name-dropping sender);
- `others`: every other non-owner recipient of the message;
- `all`: reply-all, the sender and the others.
"""

FRONT_MATTER_KEYS: tuple[str, ...] = ("to", "cc", "bcc", "subject", "description")
"""Keys a template's front matter may set."""

MAX_REFERENCES = 20
"""Message-IDs kept in References (the first and the most recent ones, as RFC 5322 allows)."""

QUOTE_LIMIT = 6000
"""Characters of the original kept in `quoted`."""

_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|antwort|odp|res|rif|r|ré)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_AUTO_PREFIX = re.compile(
    r"^\s*(?:automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|out of (?:the )?office"
    r"(?: reply)?|abwesenheitsnotiz|r[ée]ponse automatique)\s*[:：]\s*",
    re.IGNORECASE,
)
_FWD_PREFIX = re.compile(r"^\s*(?:fwd?|wg|tr|rv|vs)\s*[:：]\s*", re.IGNORECASE)
_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")
_FENCE = "---"
_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"})


class ReplyError(ValueError):
    """A reply cannot be composed (no recipient, no owner address, a bad header value)."""


class FrontMatterError(ValueError):
    """A template's front matter is malformed; `lineno` is 1-based within the file."""

    def __init__(self, message: str, lineno: int) -> None:
        super().__init__(message)
        self.lineno = lineno


@dataclass(frozen=True, slots=True)
class RecipientChoice:
    """One recipient entry: the first of these roles that yields an address is used."""

    alternatives: tuple[str, ...]

    def __str__(self) -> str:
        return " | ".join(self.alternatives)


@dataclass(frozen=True, slots=True)
class ReplySpec:
    """What a template's front matter says: recipients by role, a subject, a description."""

    to: tuple[RecipientChoice, ...] = (RecipientChoice(("sender",)),)
    cc: tuple[RecipientChoice, ...] = ()
    bcc: tuple[RecipientChoice, ...] = ()
    subject: str | None = None
    """A Jinja expression template for the subject; None means the usual `Re:` subject."""
    subject_line: int = 0
    """The file line of `subject:` (for error messages)."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Owner:
    """The mailbox owner: a name to sign with and every address they receive mail at."""

    name: str
    addresses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone as a template sees them: `{{ introducer.first_name }}`, `{{ sender }}`."""

    name: str = ""
    email: str = ""
    label: str = ""
    """A name to show that is not a person's (an organisation's), never used to greet."""

    @property
    def first_name(self) -> str:
        """The first word of the name after any title ("Dr Noor Rahman" -> "Noor"), or "".

        Never the part of the address before `@`: "Hi niamh," reads as a mail merge, so a
        person with no name is greeted neutrally (see `greeting`).
        """
        words = self.name.split()
        while len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
            words = words[1:]
        return words[0] if words else ""

    @property
    def display(self) -> str:
        """The name when there is one (else an organisation's), else the address."""
        return self.name or self.label or self.email

    @property
    def known(self) -> bool:
        """True when the address is known (a person only named in the text has none)."""
        return bool(self.email)

    def __str__(self) -> str:
        return self.display

    @classmethod
    def of(cls, address: Address | None, name: str = "") -> Person:
        """A Person from an address (or only a name).

        An organisation's role address ("Timberline Supply <orders@…>") keeps its name for
        display but has no first name to greet.
        """
        if address is None:
            return cls(name=_one_line(name), email="")
        found = _one_line(address.name or name)
        if is_role_address(address) and found:
            return cls(name="", email=address.email.strip(), label=found)
        return cls(name=found, email=address.email.strip())


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    """Everything about a reply except its rendered text."""

    from_: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    bcc: tuple[Address, ...]
    subject: str
    """The default subject (`Re: …`, never doubled)."""
    in_reply_to: str
    references: tuple[str, ...]
    to_roles: tuple[str, ...] = ()
    """The roles that supplied the To addresses (after any fallback)."""
    notes: tuple[str, ...] = ()
    """What the owner should know (a role with no address, a fallback taken)."""
    variables: Mapping[str, Any] = field(default_factory=dict)
    """What the template sees."""

    @property
    def envelope(self) -> tuple[Address, ...]:
        """Every recipient, Bcc included."""
        return self.to + self.cc + self.bcc


# --- front matter ----------------------------------------------------------------------------


def parse_front_matter(source: str) -> tuple[ReplySpec, str]:
    """Split a template into its front matter and its body.

    A template may start with a block between two `---` lines holding `key: value` lines:

        ---
        to: introducer | sender
        bcc: introducer
        subject: Re: {{ subject }}
        description: Decline a blind intro, privately to the introducer
        ---

    `to`, `cc` and `bcc` are comma-separated lists of roles (`ROLES`); `a | b` means "a, or
    b when a has no address". Without front matter a template replies to the sender.

    Returns:
        The spec, and the body with the front matter replaced by blank lines, so that line
        numbers in the body are those of the file.

    Raises:
        FrontMatterError: unknown key or role, a missing closing `---`.
    """
    lines = source.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return ReplySpec(), source
    values: dict[str, tuple[str, int]] = {}
    end = None
    for index, line in enumerate(lines[1:], start=2):
        text = line.strip()
        if text == _FENCE:
            end = index
            break
        if not text or text.startswith("#"):
            continue
        match = _KEY_LINE.match(text)
        if match is None:
            raise FrontMatterError(f"expected `key: value`, got {text[:40]!r}", index)
        key = match.group("key").lower()
        if key not in FRONT_MATTER_KEYS:
            raise FrontMatterError(
                f"unknown key {key!r} (use {', '.join(FRONT_MATTER_KEYS)})", index
            )
        values[key] = (match.group("value").strip(), index)
    if end is None:
        raise FrontMatterError("front matter is not closed by a `---` line", 1)
    spec = ReplySpec(
        to=_choices(*values["to"]) if "to" in values else ReplySpec().to,
        cc=_choices(*values["cc"]) if "cc" in values else (),
        bcc=_choices(*values["bcc"]) if "bcc" in values else (),
        subject=_unquote(values["subject"][0]) or None if "subject" in values else None,
        subject_line=values["subject"][1] if "subject" in values else 0,
        description=_unquote(values.get("description", ("", 0))[0]),
    )
    body = "\n" * end + "\n".join(lines[end:])
    return spec, body


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _choices(value: str, lineno: int) -> tuple[RecipientChoice, ...]:
    found: list[RecipientChoice] = []
    for entry in value.strip("[]").split(","):
        names = tuple(n.strip().strip("\"'").lower() for n in entry.split("|") if n.strip())
        if not names:
            continue
        for name in names:
            if name not in ROLES:
                raise FrontMatterError(f"unknown role {name!r} (use {', '.join(ROLES)})", lineno)
        found.append(RecipientChoice(names))
    return tuple(found)


# --- subject, threading, quoting ---------------------------------------------------------------


def reply_subject(subject: str) -> str:
    """`Re: <subject>`, with any reply prefixes (Re, RE, Aw, Sv, Re[2], …) collapsed to one.

    A forward keeps its prefix after ours ("Fwd: X" -> "Re: Fwd: X"), as mail clients do;
    an auto-reply's prefix goes ("Automatic reply: X" -> "Re: X"): the answer is to the
    thread, not to the out-of-office notice.
    """
    text = header_text(subject)
    while True:
        stripped = _AUTO_PREFIX.sub("", _REPLY_PREFIX.sub("", text)).strip()
        if stripped == text:
            break
        text = stripped
    if not text:
        return "Re: (no subject)"
    return f"Re: {text}"


def base_subject(subject: str) -> str:
    """The subject without reply and forward prefixes (for matching threads)."""
    text = _one_line(subject)
    while True:
        stripped = _FWD_PREFIX.sub("", _REPLY_PREFIX.sub("", text)).strip()
        if stripped == text:
            return text
        text = stripped


def references_for(message: Message) -> tuple[str, ...]:
    """The References of a reply: the original's, then its Message-ID, trimmed in the middle."""
    chain = [r for r in message.references if r]
    if message.in_reply_to and message.in_reply_to not in chain:
        chain.append(message.in_reply_to)
    if message.message_id and message.message_id not in chain:
        chain.append(message.message_id)
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1) :]
    return tuple(chain)


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The original text with `> ` before each line (cut at `limit` characters)."""
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if len(body) > limit:
        body = body[:limit].rstrip() + "\n[…]"
    return "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))


def attribution(message: Message) -> str:
    """ "On <date>, <sender> wrote:" for above the quote."""
    who = message.sender.display if message.sender else "you"
    who = _one_line(who)
    if message.date is None:
        return f"{who} wrote:"
    return f"On {format_date(message.date)}, {who} wrote:"


def format_date(when: datetime) -> str:
    """A short human date: "Tue, 3 Mar 2026 at 10:15"."""
    return f"{when:%a}, {when.day} {when:%b %Y} at {when:%H:%M}"


# --- recipients --------------------------------------------------------------------------------


def reply_from(message: Message, owner: Owner) -> Address:
    """The owner address the message was sent to, else the owner's first address.

    Raises:
        ReplyError: the owner has no address configured.
    """
    if not owner.addresses:
        raise ReplyError("no owner address configured (set [owner] addresses in the config)")
    mine = {a.strip().lower(): a.strip() for a in owner.addresses if a.strip()}
    delivered = [
        Address("", message.headers.get(h, "").strip().strip("<>"))
        for h in ("delivered-to", "x-original-to")
    ]
    for address in (*message.to, *message.cc, *message.bcc, *delivered):
        if address.key in mine:
            return Address(_one_line(owner.name), mine[address.key])
    first = next(iter(mine.values()))
    return Address(_one_line(owner.name), first)


def role_addresses(role: str, message: Message, roles: Roles, owner: Owner) -> list[Address]:
    """The addresses a role stands for in this message (owner never included)."""
    mine = owner_keys(owner.addresses)
    if role == "sender":
        reply_to = [a for a in message.reply_to if a.key and a.key not in mine]
        found = reply_to or ([roles.sender] if roles.sender else [])
    elif role == "introducer":
        found = [roles.introducer] if roles.introducer else []
    elif role == "introduced":
        found = list(roles.introduced)
    elif role == "others":
        found = list(roles.others)
    elif role == "all":
        found = role_addresses("sender", message, roles, owner) + list(roles.others)
    else:
        raise ReplyError(f"unknown role {role!r}")
    return [a for a in found if a.key and a.key not in mine]


def _resolve(
    choices: Sequence[RecipientChoice],
    message: Message,
    roles: Roles,
    owner: Owner,
    notes: list[str],
) -> tuple[list[Address], list[str]]:
    addresses: list[Address] = []
    used: list[str] = []
    for choice in choices:
        for position, role in enumerate(choice.alternatives):
            found = role_addresses(role, message, roles, owner)
            if found:
                addresses.extend(found)
                used.append(role)
                if position > 0 and _named_only(choice.alternatives[0], roles):
                    notes.append(_fallback_note(choice.alternatives[0], role, roles, found))
                break
        else:
            if _named_only(choice.alternatives[0], roles):
                notes.append(_missing_note(choice.alternatives[0], roles))
    return addresses, used


def _named_only(role: str, roles: Roles) -> bool:
    """True when the message names this role's person but gives no address for them.

    Falling back from a role nobody fills (a direct ask has no introduced person) is the
    normal case and needs no note.
    """
    if role == "introducer":
        return roles.introducer is None and bool(roles.introducer_name)
    if role == "introduced":
        return not roles.introduced and bool(roles.introduced_name)
    return role in ("sender", "all") and roles.sender is None


def _fallback_note(wanted: str, used: str, roles: Roles, found: Sequence[Address]) -> str:
    who = ", ".join(a.display for a in found)
    return (
        f"{_role_label(wanted, roles)}: no address in the message, so this goes to {who} ({used})"
    )


def _missing_note(wanted: str, roles: Roles) -> str:
    return f"{_role_label(wanted, roles)}: no address in the message, left out"


def _role_label(role: str, roles: Roles) -> str:
    if role == "introducer" and roles.introducer_name:
        return f"the introducer ({roles.introducer_name})"
    if role == "introduced" and roles.introduced_name:
        return f"the introduced person ({roles.introduced_name})"
    return {"introduced": "the introduced person", "others": "the other recipients"}.get(
        role, f"the {role}"
    )


def _dedupe(
    headers: Sequence[list[Address]], forbidden: Iterable[str], notes: list[str]
) -> list[tuple[Address, ...]]:
    seen = set(forbidden)
    result: list[tuple[Address, ...]] = []
    for addresses in headers:
        kept: list[Address] = []
        for address in addresses:
            key = address.key
            if not key or key in seen:
                continue
            if is_no_reply(address):
                notes.append(f"{address.email} is a no-reply address, left out")
                seen.add(key)
                continue
            email = ascii_domain(address.email.strip())
            problem = _address_problem(email)
            if problem:
                notes.append(f"{_one_line(address.email)[:60]!r} {problem}, left out")
                seen.add(key)
                continue
            seen.add(key)
            kept.append(Address(_one_line(address.name), email))
        result.append(tuple(kept))
    return result


def ascii_domain(email: str) -> str:
    """The address with an internationalised domain in its ASCII (IDNA) form."""
    local, at, domain = email.rpartition("@")
    if not at or domain.isascii():
        return email
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return email


def _address_problem(email: str) -> str:
    """Why an address cannot be a recipient ("" when it can)."""
    if not _valid_address(email):
        return "is not a valid address"
    if not email.isascii():
        return "has a non-ASCII user name (SMTPUTF8), which triage cannot send to"
    try:
        _header_address(Address("", email))
    except ReplyError:
        return "is not a valid address"
    return ""


def _valid_address(email: str) -> bool:
    text = email.strip()
    if not text or any(c in text for c in '\r\n\t <>,;"') or text.count("@") != 1:
        return False
    local, _, domain = text.partition("@")
    return bool(local) and "." in domain.strip(".") and ".." not in domain


# --- the plan ----------------------------------------------------------------------------------


def plan_reply(
    message: Message,
    *,
    category: Category,
    action: Action,
    owner: Owner,
    roles: Roles,
    spec: ReplySpec,
    reasons: Sequence[Reason] = (),
) -> ReplyPlan:
    """Decide who a reply goes to and what the template will see.

    Reply rules: roles resolve to addresses in the order the template gives; an address
    appears once (To before Cc before Bcc); the owner and the From address are never
    recipients; with nobody in To, Cc moves up.

    Raises:
        ReplyError: nobody to send to, or no owner address.
    """
    if not action.sends_reply:
        raise ReplyError(f"{action} sends no reply")
    sender_from = reply_from(message, owner)
    notes: list[str] = []
    to, to_roles = _resolve(spec.to, message, roles, owner, notes)
    cc, _ = _resolve(spec.cc, message, roles, owner, notes)
    bcc, _ = _resolve(spec.bcc, message, roles, owner, notes)
    forbidden = owner_keys(owner.addresses) | {sender_from.key}
    to_t, cc_t, bcc_t = _dedupe([to, cc, bcc], forbidden, notes)
    if not to_t and cc_t:
        to_t, cc_t = cc_t, ()
    if not to_t and not cc_t and not bcc_t:
        why = "; ".join(notes) or "no address for any role it names"
        raise ReplyError(f"this reply has no recipient ({why})")
    subject = reply_subject(message.subject)
    references = references_for(message)
    variables = _variables(
        message,
        category=category,
        action=action,
        owner=owner,
        sender_from=sender_from,
        roles=roles,
        to=to_t,
        cc=cc_t,
        bcc=bcc_t,
        to_roles=tuple(to_roles),
        subject=subject,
        reasons=reasons,
        notes=tuple(notes),
    )
    return ReplyPlan(
        from_=sender_from,
        to=to_t,
        cc=cc_t,
        bcc=bcc_t,
        subject=subject,
        in_reply_to=message.message_id,
        references=references,
        to_roles=tuple(to_roles),
        notes=tuple(notes),
        variables=variables,
    )


def _variables(
    message: Message,
    *,
    category: Category,
    action: Action,
    owner: Owner,
    sender_from: Address,
    roles: Roles,
    to: tuple[Address, ...],
    cc: tuple[Address, ...],
    bcc: tuple[Address, ...],
    to_roles: tuple[str, ...],
    subject: str,
    reasons: Sequence[Reason],
    notes: tuple[str, ...],
) -> dict[str, Any]:
    exclude = tuple(owner.name.split()[:1])
    author = message.sender.key if message.sender else ""
    lone = roles.introduced[0].key if len(roles.introduced) == 1 else ""

    def person(address: Address | None, name: str = "") -> Person:
        if address is not None and not address.name.strip():
            found = name_from_text(
                address,
                message.text,
                signer=address.key == author,
                introduced=address.key == lone,
                exclude=exclude,
            )
            address = Address(found, address.email)
        return Person.of(address, name)

    introduced = [person(a) for a in roles.introduced]
    return {
        "owner": Person(name=_one_line(owner.name), email=sender_from.email),
        "sender": person(message.sender),
        "introducer": person(roles.introducer, roles.introducer_name),
        "introduced": introduced[0] if introduced else Person(name=roles.introduced_name),
        "introduced_all": introduced,
        "others": [person(a) for a in roles.others],
        "to": [person(a) for a in to],
        "cc": [person(a) for a in cc],
        "bcc": [person(a) for a in bcc],
        "to_roles": list(to_roles),
        "fell_back": bool(notes),
        "notes": list(notes),
        "subject": _one_line(message.subject),
        "reply_subject": subject,
        "date": format_date(message.date) if message.date else "",
        "date_iso": message.date.isoformat() if message.date else "",
        "text": message.text,
        "quoted": quote(message.text),
        "attribution": attribution(message),
        "category": category.value,
        "category_label": category.label,
        "action": action.value,
        "reasons": [{"signal": r.signal, "evidence": r.evidence} for r in reasons],
        "message_id": message.message_id,
        "asks_for_intro": asks_owner_to_introduce(message.text),
    }


def greeting(people: Person | Sequence[Person] | None, word: str = "Hi") -> str:
    """The greeting line for one person or several: "Hi Niamh,", "Hi Jonas and Hiro,".

    Only names a person has count; with none, the greeting is neutral ("Hi,"), never the
    part of an address before `@`. Templates use it as a filter: `{{ to | greet }}`.
    """
    group = [people] if isinstance(people, Person) else list(people or ())
    names = [p.first_name for p in group if isinstance(p, Person) and p.first_name]
    unique = list(dict.fromkeys(names))
    if not unique:
        return f"{word},"
    if len(unique) == 1:
        return f"{word} {unique[0]},"
    return f"{word} {', '.join(unique[:-1])} and {unique[-1]},"


# --- the message -------------------------------------------------------------------------------


def compose(
    plan: ReplyPlan,
    *,
    subject: str,
    body: str,
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """Build the reply. Bcc is never written into it: it belongs to the envelope only.

    Every header value goes through the email package, after `header_text` has made it
    one line with no encoded words (the email package decodes an encoded word in a value
    when it folds, so `=?utf-8?q?a=0D=0ABcc:_x?=` would otherwise become a real header).
    The result is parsed back and must hold exactly the headers set here.

    Raises:
        ReplyError: a header value holds a line break or an address cannot be encoded.
    """
    if "\r" in subject or "\n" in subject:
        raise ReplyError("refused a header value: the subject holds a line break")
    message = EmailMessage(policy=policy.default)
    expected = ["from", "to", "subject", "date", "message-id"]
    try:
        message["From"] = _header_address(plan.from_)
        if plan.to:
            message["To"] = [_header_address(a) for a in plan.to]
        else:
            message["To"] = "undisclosed-recipients:;"
        if plan.cc:
            message["Cc"] = [_header_address(a) for a in plan.cc]
            expected.append("cc")
        message["Subject"] = header_text(subject)
        message["Date"] = format_datetime(date)
        message["Message-ID"] = header_text(message_id)
        if plan.in_reply_to:
            message["In-Reply-To"] = header_text(plan.in_reply_to)
            expected.append("in-reply-to")
        if plan.references:
            message["References"] = header_text(" ".join(plan.references))
            expected.append("references")
    except ValueError as exc:
        raise ReplyError(f"refused a header value: {exc}") from None
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    # 7bit when it can be (readable everywhere); quoted-printable for non-ASCII text, which
    # any server takes (8bit would need 8BITMIME end to end).
    plain = text.isascii() and all(len(line) <= 998 for line in text.split("\n"))
    message.set_content(text, charset="utf-8", cte="7bit" if plain else "quoted-printable")
    _verify_headers(message, expected)
    return message


def _verify_headers(message: EmailMessage, expected: list[str]) -> None:
    parsed = BytesHeaderParser(policy=policy.default).parsebytes(as_bytes(message))
    names = sorted(k.lower() for k in parsed)
    wanted = sorted([*expected, "content-type", "content-transfer-encoding", "mime-version"])
    if names != wanted:
        extra = sorted(set(names) - set(wanted)) or names
        raise ReplyError(f"refused the reply: unexpected headers {', '.join(extra)}")


def header_text(value: str) -> str:
    """A header value made safe: encoded words decoded, whitespace (CR/LF too) collapsed,
    and no `=?` left that the email package could decode into a line break later."""
    text = value
    if "=?" in text:
        with contextlib.suppress(HeaderParseError, UnicodeError, LookupError, ValueError):
            text = str(make_header(decode_header(text)))
    return " ".join(text.split()).replace("=?", "= ?")


def _header_address(address: Address) -> HeaderAddress:
    email = address.email.strip()
    name = header_text(address.name)
    try:
        return HeaderAddress(display_name=name, addr_spec=email)
    except (ValueError, IndexError, HeaderParseError) as exc:
        # An old-style user name ("j..smith@", as Enron wrote them) is valid quoted.
        local, at, domain = email.rpartition("@")
        if at and local and domain and local.isascii() and not any(c in local for c in '"\\'):
            try:
                return HeaderAddress(display_name=name, username=local, domain=domain)
            except (ValueError, IndexError, HeaderParseError):
                pass
        raise ReplyError(f"cannot use address {email[:60]!r}: {exc}") from None


def as_bytes(message: EmailMessage) -> bytes:
    """The message as RFC 5322 bytes with CRLF line ends (what SMTP and IMAP expect)."""
    return message.as_bytes(policy=policy.SMTP)


def _one_line(text: str) -> str:
    """Collapse all whitespace, CR and LF included, to single spaces."""
    return " ".join(text.split())


def candidate_templates(action: Action, category: Category) -> tuple[str, ...]:
    """Template names to try for an action on a category, most specific first."""
    return (f"{action.value}/{category.value}", f"{action.value}/default")
