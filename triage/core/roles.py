"""Who is who in an introduction: the introducer, the introduced people, the owner.

Pure: works from the message's headers and the owner's addresses. Replies use it to pick
recipients (decline privately to the introducer; accept to the introduced, introducer to
Bcc), the classifier stores the introducer with each verdict, and stats count by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from triage.core.message import Address, Message

# "Priya suggested I reach out", "Alex said you and I should talk", "Dana gave me your
# address": the sender is the introduced person and the introducer is only named.
_NAME_DROP = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+"
    r"(?:suggested|recommended|thought|said|mentioned|told me|gave me|passed (?:me )?along|"
    r"pointed me|referred me|encouraged me)\b"
    r"[^.\n]{0,60}?\b(?:reach out|get in touch|contact|talk|connect|speak|write|email|"
    r"your (?:e-?mail|address|name|number|details)|you(?:'d| would)? be)",
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
        introduced: The people being introduced to the owner (never the owner).
        others: Every non-owner recipient besides the sender, in header order.
    """

    sender: Address | None
    introducer: Address | None
    introducer_name: str
    introduced: tuple[Address, ...]
    others: tuple[Address, ...]


def owner_keys(addresses: Iterable[str]) -> frozenset[str]:
    """The owner's addresses lower-cased, for membership tests."""
    return frozenset(a.strip().lower() for a in addresses if a.strip())


def find_roles(message: Message, owner: Iterable[str]) -> Roles:
    """Work out introducer and introduced from the headers (and a name-drop in the text).

    - The sender writes to the owner and to others at once: the sender introduces the
      others (the common "meet X, cc'd" shape).
    - The sender writes alone and names someone who sent them ("Priya suggested I reach
      out"): the sender is the introduced person, the named person the introducer.
    - Otherwise the sender is the one asking (a connector, or a stranger asking directly).
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
    if others:
        return Roles(
            sender=sender,
            introducer=sender,
            introducer_name=sender.display if sender else "",
            introduced=tuple(others),
            others=tuple(others),
        )
    dropped = name_drop(message.text)
    if dropped and sender is not None:
        return Roles(
            sender=sender,
            introducer=None,
            introducer_name=dropped,
            introduced=(sender,),
            others=(),
        )
    return Roles(
        sender=sender,
        introducer=sender,
        introducer_name=sender.display if sender else "",
        introduced=(),
        others=(),
    )


def name_drop(text: str) -> str:
    """The name of a person the sender says sent them to the owner, or ""."""
    for match in _NAME_DROP.finditer(text[:4000]):
        name = match.group("name")
        if name.split()[0] not in _NOT_NAMES:
            return name
    return ""
