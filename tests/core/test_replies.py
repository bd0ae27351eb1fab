"""Composing replies: subjects, threading, recipients by role, reply-all rules, header safety."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.message import Address, Message
from triage.core.parse import parse_message
from triage.core.replies import (
    FrontMatterError,
    Owner,
    RecipientChoice,
    ReplyError,
    ReplyPlan,
    ReplySpec,
    as_bytes,
    base_subject,
    compose,
    parse_front_matter,
    plan_reply,
    quote,
    references_for,
    reply_from,
    reply_subject,
)
from triage.core.roles import find_roles

OWNER = Owner("Jordan Avery", ("jordan@averyworks.example", "j@avery.example"))
JORDAN = Address("Jordan Avery", "jordan@averyworks.example")
ALEX = Address("Alex Kim", "alex@kim.example")
PRIYA = Address("Priya Natarajan", "priya@natarajan.example")
SAM = Address("Sam", "sam@growthco.example")
WHEN = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def spec(to: str = "sender", cc: str = "", bcc: str = "") -> ReplySpec:
    text = f"---\nto: {to}\ncc: {cc}\nbcc: {bcc}\n---\nbody\n"
    parsed, _ = parse_front_matter(text)
    return parsed


def plan(
    message: Message, the_spec: ReplySpec, category: Category = Category.BLIND_INTRO
) -> ReplyPlan:
    return plan_reply(
        message,
        category=category,
        action=Action.ACCEPT,
        owner=OWNER,
        roles=find_roles(message, OWNER.addresses),
        spec=the_spec,
    )


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Intro", "Re: Intro"),
        ("Re: Intro", "Re: Intro"),
        ("RE: re: Re:Intro", "Re: Intro"),
        ("Aw: Termin", "Re: Termin"),
        ("AW: Re: Termin", "Re: Termin"),
        ("Re[2]: Intro", "Re: Intro"),
        ("SV: Möte", "Re: Möte"),
        ("Fwd: Intro", "Re: Fwd: Intro"),
        ("Re: Fwd: Intro", "Re: Fwd: Intro"),
        ("Reply needed", "Re: Reply needed"),
        ("Regarding the call", "Re: Regarding the call"),
        ("", "Re: (no subject)"),
        ("Automatic reply: Housing drawings", "Re: Housing drawings"),
        ("Re: Out of Office: Re: Housing", "Re: Housing"),
        ("  Re:   spaced\r\n  out ", "Re: spaced out"),
    ],
)
def test_reply_subject_is_never_doubled(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


def test_base_subject_strips_replies_and_forwards() -> None:
    assert base_subject("Re: Fwd: RE: Intro") == "Intro"


def test_references_chain_and_trim() -> None:
    message = Message(message_id="<c@x>", in_reply_to="<b@x>", references=("<a@x>", "<b@x>"))
    assert references_for(message) == ("<a@x>", "<b@x>", "<c@x>")
    long = Message(message_id="<z@x>", references=tuple(f"<{i}@x>" for i in range(40)))
    chain = references_for(long)
    assert len(chain) == 20
    assert chain[0] == "<0@x>"
    assert chain[-1] == "<z@x>"


def test_quote_prefixes_each_line() -> None:
    assert quote("one\n\ntwo\r\n") == "> one\n>\n> two"


def test_from_is_the_owner_address_the_message_was_sent_to() -> None:
    to_second = Message(from_=(ALEX,), to=(Address("", "J@Avery.example"),))
    assert reply_from(to_second, OWNER) == Address("Jordan Avery", "j@avery.example")
    via_bcc = Message(from_=(ALEX,), to=(PRIYA,))
    assert reply_from(via_bcc, OWNER).email == "jordan@averyworks.example"
    with pytest.raises(ReplyError):
        reply_from(via_bcc, Owner("x", ()))


def test_blind_intro_decline_goes_privately_to_the_introducer() -> None:
    message = Message(
        message_id="<m@kim>", subject="Meet Priya", from_=(ALEX,), to=(JORDAN,), cc=(PRIYA,)
    )
    result = plan(message, spec(to="introducer | sender"))
    assert result.to == (ALEX,)
    assert result.cc == ()
    assert result.bcc == ()
    assert result.in_reply_to == "<m@kim>"


def test_accept_moves_the_introducer_to_bcc() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN, PRIYA), text="You two should meet")
    result = plan(message, spec(to="introduced | sender", bcc="introducer"))
    assert result.to == (PRIYA,)
    assert result.bcc == (ALEX,)
    assert result.to_roles == ("introduced",)


def test_name_drop_falls_back_and_says_so() -> None:
    message = Message(from_=(PRIYA,), to=(JORDAN,), text="Alex Kim suggested I reach out to you.")
    declined = plan(message, spec(to="introducer | sender"))
    assert declined.to == (PRIYA,)
    assert declined.to_roles == ("sender",)
    assert any("Alex Kim" in n and "no address" in n for n in declined.notes)
    assert declined.variables["fell_back"] is True
    assert declined.variables["introducer"].name == "Alex Kim"
    assert declined.variables["introducer"].known is False


def test_introduced_unknown_falls_back_to_the_sender() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN,), text="I told Sam you'd be happy to help.")
    result = plan(message, spec(to="introduced | sender", bcc="introducer"))
    assert result.to == (ALEX,)
    assert result.bcc == ()  # the introducer is already in To: never twice
    assert result.notes


def test_reply_all_without_duplicates_or_owner() -> None:
    message = Message(
        from_=(ALEX,),
        to=(JORDAN, PRIYA, Address("", "PRIYA@natarajan.example")),
        cc=(Address("Jordan", "j@avery.example"), ALEX, SAM, Address("", "")),
    )
    result = plan(message, spec(to="all", cc="others"), Category.OTHER)
    assert [a.key for a in result.to] == [
        "alex@kim.example",
        "priya@natarajan.example",
        "sam@growthco.example",
    ]
    assert result.cc == ()
    keys = {a.key for a in result.envelope}
    assert not keys & {"jordan@averyworks.example", "j@avery.example"}


def test_reply_to_is_honoured_for_the_sender() -> None:
    message = Message(
        from_=(SAM,), reply_to=(Address("Sales", "reply@growthco.example"),), to=(JORDAN,)
    )
    result = plan(message, spec(to="sender"), Category.SALES_PITCH)
    assert [a.email for a in result.to] == ["reply@growthco.example"]


def test_no_recipient_is_an_error() -> None:
    message = Message(from_=(JORDAN,), to=(JORDAN,))
    with pytest.raises(ReplyError, match="no recipient"):
        plan(message, spec(to="sender"))


def test_cc_moves_up_when_to_is_empty() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN, PRIYA))
    result = plan(message, spec(to="introduced", cc="introducer"), Category.OTHER)
    assert result.to == (PRIYA,)
    assert result.cc == (ALEX,)
    lonely = Message(from_=(ALEX,), to=(JORDAN,))
    moved = plan(lonely, spec(to="introduced", cc="sender"), Category.OTHER)
    assert moved.to == (ALEX,)
    assert moved.cc == ()


def test_invalid_addresses_are_left_out_with_a_note() -> None:
    message = Message(from_=(ALEX,), to=(JORDAN,), cc=(Address("Bad", "not an address"),))
    result = plan(message, spec(to="all"), Category.OTHER)
    assert result.to == (ALEX,)
    assert any("not a valid address" in n for n in result.notes)


def test_composed_reply_headers_and_no_bcc_header() -> None:
    message = Message(
        message_id="<m@kim>",
        references=("<r@kim>",),
        subject="RE: Meet",
        from_=(ALEX,),
        to=(JORDAN, PRIYA),
    )
    result = plan(message, spec(to="introduced", bcc="introducer"))
    email = compose(
        result,
        subject=result.subject,
        body="Hello\r\nthere",
        message_id="<new@averyworks.example>",
        date=WHEN,
    )
    raw = as_bytes(email)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Re: Meet"
    assert parsed["In-Reply-To"] == "<m@kim>"
    assert parsed["References"] == "<r@kim> <m@kim>"
    assert parsed["Message-ID"] == "<new@averyworks.example>"
    assert parsed["From"] == "Jordan Avery <jordan@averyworks.example>"
    assert parsed["To"] == "Priya Natarajan <priya@natarajan.example>"
    assert parsed["Bcc"] is None
    assert b"alex@kim.example" not in raw
    assert parsed["Date"] == "Tue, 10 Mar 2026 09:30:00 +0000"
    assert parsed.get_content().replace("\r\n", "\n") == "Hello\nthere\n"
    assert b"\r\n" in raw
    assert b"\n\n" not in raw.replace(b"\r\n", b"")


def test_crlf_in_names_and_subjects_cannot_inject_headers() -> None:
    raw = (
        b"From: =?utf-8?q?Evil=0D=0ABcc=3A_victim=40x=2Eexample?= <evil@x.example>\r\n"
        b"To: jordan@averyworks.example\r\n"
        b"Subject: =?utf-8?q?hi=0D=0ABcc=3A_victim2=40x=2Eexample?=\r\n"
        b"Message-ID: <evil@x.example>\r\n\r\nhello\r\n"
    )
    message = parse_message(raw)
    result = plan(message, spec(to="sender"), Category.SALES_PITCH)
    email = compose(
        result, subject=result.subject, body="no", message_id="<n@a.example>", date=WHEN
    )
    out = as_bytes(email)
    headers = out.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    names = [h.split(b":", 1)[0].lower() for h in headers if not h.startswith((b" ", b"\t"))]
    assert b"bcc" not in names
    assert names.count(b"to") == 1
    assert names.count(b"subject") == 1
    # A subject with a line break (e.g. from a template) is refused outright.
    with pytest.raises(ReplyError, match="refused a header value"):
        compose(
            result,
            subject="hi\r\nBcc: victim@x.example",
            body="x",
            message_id="<n@a.example>",
            date=WHEN,
        )


def test_front_matter_parsing_and_errors() -> None:
    text = (
        "---\nto: introduced | sender, others\nbcc: introducer\n"
        'subject: "Re: {{ subject }}"\n---\nHi\n'
    )
    parsed, body = parse_front_matter(text)
    assert parsed.to == (RecipientChoice(("introduced", "sender")), RecipientChoice(("others",)))
    assert parsed.bcc == (RecipientChoice(("introducer",)),)
    assert parsed.subject == "Re: {{ subject }}"
    assert parsed.subject_line == 4
    assert body.split("\n")[5] == "Hi"  # line numbers kept
    assert parse_front_matter("Hi\n") == (ReplySpec(), "Hi\n")
    with pytest.raises(FrontMatterError) as bad_role:
        parse_front_matter("---\nto: sender\ncc: boss\n---\n")
    assert bad_role.value.lineno == 3
    with pytest.raises(FrontMatterError) as bad_key:
        parse_front_matter("---\nreply_to: sender\n---\n")
    assert bad_key.value.lineno == 2
    with pytest.raises(FrontMatterError, match="not closed"):
        parse_front_matter("---\nto: sender\n")


def test_ignore_has_no_plan() -> None:
    with pytest.raises(ReplyError):
        plan_reply(
            Message(from_=(ALEX,)),
            category=Category.OTHER,
            action=Action.IGNORE,
            owner=OWNER,
            roles=find_roles(Message(from_=(ALEX,)), OWNER.addresses),
            spec=ReplySpec(),
        )


def test_international_names_and_domains_are_encoded() -> None:
    jose = Address("José Núñez", "jose@exämple.com")
    message = Message(from_=(jose,), to=(JORDAN,), subject="Café ☕")
    result = plan(message, spec(to="sender"), Category.OTHER)
    assert result.to == (Address("José Núñez", "jose@xn--exmple-cua.com"),)
    email = compose(result, subject=result.subject, body="Grüße", message_id="<a@b.c>", date=WHEN)
    parsed = message_from_bytes(as_bytes(email), policy=policy.default)
    assert parsed["To"] == "José Núñez <jose@xn--exmple-cua.com>"
    assert parsed["Subject"] == "Re: Café ☕"
    assert parsed.get_content().strip() == "Grüße"
    assert as_bytes(email).isascii()
    local = Message(from_=(Address("", "josé@example.com"),), to=(JORDAN,), cc=(ALEX,))
    result = plan(local, spec(to="sender", cc="others"), Category.OTHER)
    assert result.to == (ALEX,)
    assert any("non-ASCII user name" in n for n in result.notes)
    with pytest.raises(ReplyError, match="non-ASCII user name"):
        plan(Message(from_=(Address("", "josé@example.com"),), to=(JORDAN,)), spec())


def test_old_style_and_broken_addresses_never_crash() -> None:
    enron = Address("J D", "j..detmering@enron.com")
    message = Message(from_=(enron,), to=(JORDAN,), cc=(Address("", "@taint.example"),))
    result = plan(message, spec(to="all"), Category.OTHER)
    assert result.to == (enron,)
    assert any("not a valid address" in n for n in result.notes)
    email = compose(result, subject="x", body="x", message_id="<a@b.c>", date=WHEN)
    assert b"To: J D <j..detmering@enron.com>\r\n" in as_bytes(email)
