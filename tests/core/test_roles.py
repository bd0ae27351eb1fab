"""Roles in an introduction: introducer, introduced, from headers and name-drops."""

from __future__ import annotations

from triage.core.message import Address, Message
from triage.core.roles import find_roles, name_drop

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


def test_direct_ask_has_the_sender_as_asker() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN,), text="Would you be open to a call?")
    roles = find_roles(message, OWNER)
    assert roles.introducer == ALEX
    assert roles.introduced == ()


def test_pronouns_are_not_names() -> None:
    assert name_drop("She suggested I reach out") == ""
    assert name_drop("Dana mentioned you'd be the right person") == "Dana"
