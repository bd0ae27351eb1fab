"""Roles in an introduction: introducer, introduced, from headers and name-drops."""

from __future__ import annotations

import pytest

from triage.core.message import Address, Message
from triage.core.roles import find_roles, is_no_reply, name_drop, name_from_text

OWNER = ["jordan@averyworks.example"]
JORDAN = Address("Jordan Avery", "jordan@averyworks.example")
ALEX = Address("Alex Kim", "alex@kim.example")
PRIYA = Address("Priya Natarajan", "priya@natarajan.example")


def test_sender_introducing_a_cc_is_the_introducer() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN,), cc=(PRIYA,), text="Meet Priya!")
    roles = find_roles(message, OWNER)
    assert roles.introducer == ALEX
    assert roles.introduced == (PRIYA,)


def test_both_in_to_and_owner_never_introduced() -> None:
    message = Message(from_=(ALEX,), to=(PRIYA, JORDAN, ALEX), text="You two should talk")
    roles = find_roles(message, ["JORDAN@averyworks.example"])
    assert roles.introduced == (PRIYA,)
    assert roles.others == (PRIYA,)


def test_name_drop_makes_the_sender_the_introduced() -> None:
    message = Message(
        from_=(PRIYA,), to=(JORDAN,), text="Hi Jordan,\nAlex Kim suggested I reach out to you."
    )
    roles = find_roles(message, OWNER)
    assert roles.introducer is None
    assert roles.introducer_name == "Alex Kim"
    assert roles.introduced == (PRIYA,)


def test_a_hypothetical_name_drop_names_no_introducer() -> None:
    hedged = "Hi Jordan,\nIf Alex Kim suggested I reach out, I would say so. Nobody did."
    roles = find_roles(Message(from_=(PRIYA,), to=(JORDAN,), text=hedged), OWNER)
    # The sender asks for themselves: no one else is named as who sent them.
    assert roles.introducer_name != "Alex Kim"
    assert roles.introduced == ()


def test_direct_ask_has_the_sender_as_asker() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN,), text="Would you be open to a call?")
    roles = find_roles(message, OWNER)
    assert roles.introducer == ALEX
    assert roles.introduced == ()


def test_pronouns_are_not_names() -> None:
    assert name_drop("She suggested I reach out") == ""
    assert name_drop("Dana mentioned you'd be the right person") == "Dana"


def test_referrer_with_apposition_or_lower_case() -> None:
    zoe = Address("Zoë Kowalczyk", "zk@students.example")
    text = "My advisor,\nProfessor Erik Lindgren, gave me your email address last week."
    roles = find_roles(Message(from_=(zoe,), to=(JORDAN,), text=text), OWNER)
    assert roles.introducer_name == "Erik Lindgren"
    assert roles.introducer is None
    assert roles.introduced == (zoe,)
    kyle = Address("Kyle", "kyle@games.example")
    text = "hey jordan\n\nkevin from the data meetup gave me your email and said you wouldnt mind"
    roles = find_roles(Message(from_=(kyle,), to=(JORDAN,), text=text), OWNER)
    assert roles.introducer_name == "Kevin"
    assert roles.introduced == (kyle,)


def test_forwarded_ask_introduces_its_author() -> None:
    hugo = Address("Hugo Lambert", "hugo@lambert.example")
    text = (
        "Jordan -- see below. I gave him your email.\n\n"
        "________________________________\n"
        "From: Pete Ashworth <pete@ashworthwines.example>\n"
        "Sent: Thursday, July 16, 2026 5:02 PM\nTo: Hugo Lambert <hugo@lambert.example>\n"
    )
    roles = find_roles(Message(from_=(hugo,), to=(JORDAN,), text=text), OWNER)
    assert roles.introducer == hugo
    assert roles.introduced == (Address("Pete Ashworth", "pete@ashworthwines.example"),)


def test_passed_on_to_someone_known_only_by_name() -> None:
    gwen = Address("Gwen Talbot", "gwen@eastside.example")
    for text in (
        "Quick heads up: I gave your email to Simone Carter, the CEO of Brightline.",
        "I told Simone Carter you'd be happy to help.",
    ):
        roles = find_roles(Message(from_=(gwen,), to=(JORDAN,), text=text), OWNER)
        assert roles.introducer == gwen
        assert roles.introduced == ()
        assert roles.introduced_name == "Simone Carter"


def test_no_reply_senders_are_nobody_to_answer() -> None:
    bot = Address("Linkwise", "messages-noreply@linkwise.example")
    roles = find_roles(Message(from_=(bot,), to=(JORDAN,), cc=(PRIYA,), text="Meet Priya"), OWNER)
    assert roles.introducer is None
    assert roles.introduced == (PRIYA,)
    assert is_no_reply(Address("", "noreply@x.example"))
    assert is_no_reply(Address("", "notifications+abc@github.example"))
    assert not is_no_reply(Address("", "norah@x.example"))


def test_referrer_is_a_person_not_a_role_word() -> None:
    sam = Address("Sam", "sam@x.example")
    for text, expected in (
        ("My colleague gave me your email.", ""),
        ("colleague Dana gave me your email", "Dana"),
        ("Someone gave me your number", ""),
    ):
        roles = find_roles(Message(from_=(sam,), to=(JORDAN,), text=text), OWNER)
        assert roles.introducer_name == (expected or "Sam"), text


@pytest.mark.parametrize(
    ("email", "text", "expected"),
    [
        ("niamh@b.example", "Sam meet Niamh, she needs a stand.", "Niamh"),
        ("niamh.obrien@b.example", "Over to you, Niamh.", "Niamh"),
        ("mike.underwood@e.example", "Underwood here again about the deal.", ""),
        ("nnt@lists.example", "NNT weekly digest", ""),
        ("outlook.team@e.example", "Outlook will be upgraded tonight.", ""),
        ("ns1984@b.example", "Can we talk?\n\nBest,\nNiamh\n", "Niamh"),
        ("ns1984@b.example", "Can we talk?\n\nBest,\nTHE TEAM\n", ""),
    ],
)
def test_a_name_from_the_text_only_when_it_looks_like_a_first_name(
    email: str, text: str, expected: str
) -> None:
    assert name_from_text(Address("", email), text, signer=True) == expected
