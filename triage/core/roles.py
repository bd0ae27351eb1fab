"""Who is who in an introduction: the introducer, the introduced people, the owner.

Pure: works from the message's headers and the owner's addresses. Replies use it to pick
recipients (decline privately to the introducer; accept to the introduced, introducer to
Bcc), the classifier stores the introducer with each verdict, and stats count by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from triage.core.clauses import unasserted
from triage.core.message import Address, Message

# "Priya suggested I reach out", "Alex said you and I should talk", "Dana gave me your
# address": the sender is the introduced person and the introducer is only named.
_NAME_DROP = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:(?:from|at|of)\s+[^.,\n]{1,40}?\s+)?"
    r"(?:(?:suggested|recommended|thought|said|mentioned|told me|gave me|passed (?:me )?along|"
    r"pointed me|referred me|encouraged me)\b"
    r"[^.\n]{0,60}?\b(?:reach out|get in touch|contact|talk|connect|speak|write|email|"
    r"your (?:e-?mail|address|name|number|details|way)|you(?:'d| would)? be)"
    # "Dr. Evelyn introduce us by email few weeks ago" (the tense as non-native writers drop it)
    r"|introduced? us\b(?! to (?:the|a|an|our|your|this)\b))",
)
_NOT_NAMES = frozenset(
    {"I", "We", "He", "She", "They", "You", "It", "Someone", "Somebody", "A", "The", "My", "Our"}
)


@dataclass(frozen=True, slots=True)
class Roles:
    """The people in an introduction.

    Attributes:
        sender: Who wrote the message (From, else Sender); None when unknown.
        introducer: Who made the introduction, when their address is in the message.
        introducer_name: The introducer's name (also when only named in the text).
        introduced: The people being introduced to the owner (never the owner): recipients
            the sender copied, a name-dropping sender, or the author of a forwarded ask.
        others: Every non-owner recipient besides the sender, in header order.
        introduced_name: The introduced person's name when only named in the text.
    """

    sender: Address | None
    introducer: Address | None
    introducer_name: str
    introduced: tuple[Address, ...]
    others: tuple[Address, ...]
    introduced_name: str = ""
    """The introduced person's name when only named ("I gave your email to Simone Carter")."""


def owner_keys(addresses: Iterable[str]) -> frozenset[str]:
    """The owner's addresses lower-cased, for membership tests."""
    return frozenset(a.strip().lower() for a in addresses if a.strip())


def find_roles(message: Message, owner: Iterable[str]) -> Roles:
    """Work out introducer and introduced from the headers (and the text).

    - The sender writes to the owner and to others at once: the sender introduces the
      others (the common "meet X, cc'd" shape).
    - The sender writes alone and names someone who sent them ("Priya suggested I reach
      out", "my advisor, Erik Lindgren, gave me your email"): the sender is the introduced
      person, the named person the introducer.
    - The sender forwards someone's ask ("Fwd:", a quoted `From: Name <address>`): the
      sender introduces the forwarded message's author.
    - The sender says they passed the owner's details on ("I gave your email to Simone
      Carter"): the sender introduces someone known only by name.
    - Otherwise the sender is the one asking (a connector, or a stranger asking directly).

    No-reply addresses (notifications) are never an introducer or an introduced person.
    """
    mine = owner_keys(owner)
    sender = message.sender
    seen = {sender.key} if sender else set()
    others: list[Address] = []
    for address in message.to + message.cc:
        if address.key in mine or address.key in seen or not address.key:
            continue
        seen.add(address.key)
        others.append(address)
    if sender is not None and sender.key in mine:
        sender = None
    asker = sender if sender is not None and not is_no_reply(sender) else None
    if others:
        return Roles(
            sender=sender,
            introducer=asker,
            introducer_name=sender.display if sender else "",
            introduced=tuple(others),
            others=tuple(others),
        )
    text = message.text
    dropped = name_drop(text) or _referrer(text)
    if dropped and sender is not None:
        return Roles(
            sender=sender,
            introducer=None,
            introducer_name=dropped,
            introduced=(asker,) if asker else (),
            others=(),
        )
    forwarded = forwarded_author(text)
    if forwarded is not None and forwarded.key not in mine and forwarded.key not in seen:
        return Roles(
            sender=sender,
            introducer=asker,
            introducer_name=sender.display if sender else "",
            introduced=(forwarded,),
            others=(),
        )
    return Roles(
        sender=sender,
        introducer=asker,
        introducer_name=sender.display if sender else "",
        introduced=(),
        others=(),
        introduced_name=passed_on_to(text),
    )


_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer-daemon|postmaster|bounces?|"
    r"notifications?|[\w.-]*[-_.]no[-_.]?reply)(?:[+-][^@]*)?@",
    re.IGNORECASE,
)


def is_no_reply(address: Address) -> bool:
    """True for addresses nobody reads (noreply@, notifications@, mailer-daemon@, …)."""
    return bool(_NO_REPLY.match(address.key))


# "kevin from the data meetup gave me your email", "My advisor, Professor Erik Lindgren,
# gave me your email address": looser than `name_drop`, only for finding the introducer.
_GAVE_ME = re.compile(
    r"\b(?P<name>[A-Za-z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
    r"(?:\s+from\s+(?:the\s+|our\s+)?[\w -]{1,30}?)?,?"
    r"\s+(?:gave|passed|sent|forwarded|shared)\s+(?:me\s+)?your\s+"
    r"(?:e-?mail|address|contact|details|number|name|info)",
)
_PASSED_ON = re.compile(
    r"\bI(?:'ve| have)?\s+(?:gave|given|passed|sent|forwarded|shared)\s+your\s+"
    r"(?:e-?mail(?:\s+address)?|address|contact(?:\s+details)?|details|number|info)"
    r"(?:\s+and\s+[\w\s]{1,20}?)?\s+(?:on\s+)?to\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)",
)
_FORWARD_MARK = re.compile(
    r"^(?:-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:|_{8,}|-{5,}\s*Original "
    r"Message\s*-{5,})\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_FROM = re.compile(
    r"^[>\s]*From:\s*(?P<name>[^<\[\n]*?)\s*[<\[](?:mailto:)?(?P<email>[^\s<>\[\]@]+@[^\s<>\[\]]+)"
    r"[>\]]",
    re.IGNORECASE | re.MULTILINE,
)


def _referrer(text: str) -> str:
    for match in _GAVE_ME.finditer(text[:4000]):
        words = match.group("name").split()
        if words[0].lower() in _NOT_LOWER:  # "colleague Sam gave me…": keep "Sam"
            words = words[1:]
        if words and words[0].capitalize() not in _NOT_NAMES and words[0].lower() not in _NOT_LOWER:
            return " ".join(w[:1].upper() + w[1:] for w in words)
    return ""


_NOT_LOWER = frozenset(
    {
        "who", "someone", "somebody", "that", "which", "this", "mutual", "friend", "colleague",
        "coworker", "manager", "boss", "mentor", "professor", "advisor", "adviser", "partner",
        "team", "company", "website", "directory", "assistant", "recruiter", "investor",
    }
)  # fmt: skip


def forwarded_author(text: str) -> Address | None:
    """The author of a message forwarded below a forward marker, if the text has one."""
    marker = _FORWARD_MARK.search(text)
    if marker is None:
        return None
    found = _FORWARD_FROM.search(text, marker.end(), marker.end() + 600)
    if found is None:
        return None
    name = found.group("name").strip().strip('"').strip()
    return Address(name, found.group("email").strip())


_TOLD = re.compile(
    r"\bI(?:'ve| have)?\s+(?:told|promised|let)\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
    r"\s+(?:that\s+)?(?:you|know\s+you)",
)


def passed_on_to(text: str) -> str:
    """Whom the sender says they passed the owner on to ("I gave your email to X", "I told
    X you'd be happy to help"), or ""."""
    head = text[:4000]
    for pattern in (_PASSED_ON, _TOLD):
        found = pattern.search(head)
        if found and found.group("name").split()[0] not in _NOT_NAMES:
            return found.group("name")
    return ""


def name_drop(text: str) -> str:
    """The name of a person the sender says sent them to the owner, or ""."""
    for match in _NAME_DROP.finditer(text[:4000]):
        name = match.group("name")
        # "If Ana had suggested I write..." or "Ana didn't tell me to...": nobody sent them.
        if name.split()[0] not in _NOT_NAMES and not unasserted(text, match.start()):
            return name
    return ""


# Role addresses: an organisation's mailbox, whose display name is not a person's.
_ROLE_LOCALS = frozenset(
    {
        "admin", "billing", "bookings", "contact", "customerservice", "design", "enquiries",
        "events", "hello", "help", "hi", "info", "inquiries", "jobs", "mail", "marketing",
        "news", "newsletter", "office", "orders", "press", "sales", "service", "shop",
        "studio", "support", "team", "tracking", "trade", "updates",
    }
)  # fmt: skip
_WORD = r"[A-Z][\w'’-]+"
_SIGN_OFF = re.compile(
    r"^(?:best(?: wishes| regards)?|regards|kind regards|warm(?:est)? regards|many thanks|"
    r"thanks(?: so much| again)?|thank you|cheers|all the best|yours|sincerely|talk soon|"
    r"speak soon|x+|love)[,.!]*$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(rf"^[-–—~\s]*(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})\s*$")
_BODY_END = re.compile(
    r"^(?:>|On .{4,200} wrote:$|-- ?$|Sent from |Get Outlook|-{2,}\s*Forwarded|Begin forwarded)",
    re.MULTILINE,
)
_MEET_AFTER = re.compile(rf"\bmeet\s+(?P<name>{_WORD})")
_MEET_BEFORE = re.compile(rf"\b(?P<name>{_WORD}),?\s+meet\b")


def is_role_address(address: Address) -> bool:
    """True for an organisation's mailbox (orders@, outlook.team@, …) or a no-reply address."""
    parts = re.split(r"[._+\-]+", address.key.partition("@")[0])
    return any(part in _ROLE_LOCALS for part in parts) or is_no_reply(address)


def _name_like(word: str) -> bool:
    """A capitalised word with the rest in lower case ("Niamh", "Zoë"; not "NNT", "RTrice")."""
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    return letters[:1].isupper() and letters[1:].islower() and letters.isalpha()


def name_from_text(
    address: Address,
    text: str,
    *,
    signer: bool = False,
    introduced: bool = False,
    exclude: Iterable[str] = (),
) -> str:
    """The name a message gives for someone whose address carries none, or "".

    In order: a capitalised word of the text that spells a part of the address
    (niamh@… and "meet Niamh"); for the message's author (`signer`), a name signed below
    a sign-off ("Best,\\nNiamh"); for the one introduced person (`introduced`), the name in
    "meet Niamh" / "Niamh, meet Sam". Names in `exclude` (the owner's) never count.
    """
    if address.name.strip() or is_role_address(address):
        return address.name.strip()
    skip = {e.lower() for e in exclude}
    head = text[:4000]
    # The first part of the address only (niamh@, niamh.obrien@): later parts are surnames
    # or company names, which make poor greetings.
    token = re.split(r"[._+\-\d]+", address.key.partition("@")[0])[0]
    if len(token) >= 2 and token.isalpha() and token not in skip:
        for found in re.finditer(rf"\b{re.escape(token)}\b", head, re.IGNORECASE):
            if _name_like(found.group(0)):
                return found.group(0)
    if signer:
        signed = _signature(head)
        if signed and _name_like(signed.split()[0]) and signed.split()[0].lower() not in skip:
            return signed
    if introduced:
        for pattern in (_MEET_AFTER, _MEET_BEFORE):
            for found in pattern.finditer(head):
                name = found.group("name")
                if name.lower() not in skip and name not in _NOT_NAMES:
                    return name
    return ""


def _signature(text: str) -> str:
    """The name signed under a sign-off at the end of the author's own text, or ""."""
    end = _BODY_END.search(text)
    own = text[: end.start()] if end else text
    lines = [line.strip() for line in own.strip().splitlines() if line.strip()]
    for index in range(len(lines) - 1, max(len(lines) - 3, 0), -1):
        found = _SIGNATURE.match(lines[index])
        if found and _SIGN_OFF.match(lines[index - 1]):
            return found.group("name")
    return ""


_ASKS_OWNER_TO_INTRODUCE = re.compile(
    r"\b(?i:could|would|can|will)\s+you\s+(?:please\s+)?(?:"
    r"introduce\s+me|put\s+(?:me|us)\s+in\s+touch|connect\s+(?:me|us)|"
    r"check\s+with\s+[A-Z]\w+|ask\s+[A-Z]\w+\s+(?:if|whether)|"
    r"see\s+if\s+(?:she|he|they|[A-Z]\w+)(?:['’]d|\s+would|\s+is|['’]s|\s+are)?\s+(?:be\s+)?open)",
)


def asks_owner_to_introduce(text: str) -> bool:
    """True when the sender asks the owner to make an introduction for them ("could you see
    if she's open to hearing from me?", "would you introduce me to…")."""
    return bool(_ASKS_OWNER_TO_INTRODUCE.search(text[:4000]))
