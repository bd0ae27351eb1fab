"""Parsing odd and broken MIME: never raises, keeps what can be read, notes the rest."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from triage.core.message import Address
from triage.core.parse import HEADER_LIMIT, TEXT_LIMIT, parse_fetched, parse_message

MIME = Path(__file__).parent.parent / "fixtures" / "mime"


def load(name: str) -> bytes:
    return (MIME / name).read_bytes()


@pytest.mark.parametrize("path", sorted(MIME.glob("*.eml")), ids=lambda p: p.name)
def test_every_fixture_parses_and_round_trips_to_text(path: Path) -> None:
    message = parse_message(path.read_bytes())
    assert message.size == path.stat().st_size
    assert "\x00" not in message.text
    assert all(isinstance(note, str) and note for note in message.notes)


def test_rfc2047_headers_and_quoted_printable_body() -> None:
    message = parse_message(load("encoded_headers.eml"))
    assert message.subject == "Café ☕"
    assert message.from_ == (Address("Renée Faure", "renee@faure.example"),)
    assert message.text.strip() == "Bonjour Sam, un café jeudi ?"
    assert message.date == datetime(2026, 11, 3, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert message.message_id == "<encoded-1@faure.example>"
    assert message.notes == ()


def test_unknown_charset_is_decoded_and_noted() -> None:
    message = parse_message(load("unknown_charset.eml"))
    assert "Plain words with an é in them." in message.text
    assert message.notes == ("unknown charset 'x-made-up-42'",)


def test_raw_eight_bit_headers_are_recovered_not_replaced() -> None:
    message = parse_message(load("eightbit_headers.eml"))
    assert message.subject == "raw 8-bit subject été"
    assert message.from_[0].name == "Bob é"
    assert "“smart quotes”" in message.text
    assert message.date == datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    assert "date without a time zone, read as UTC" in message.notes


def test_html_only_body_becomes_text_without_style_or_script() -> None:
    message = parse_message(load("html_only.eml"))
    assert message.body_format == "html"
    assert "First paragraph." in message.text
    assert "* one" in message.text
    assert "color" not in message.text
    assert "alert" not in message.text
    assert message.list_id == "Weekly letters <weekly.letters.example>"
    assert message.list_unsubscribe == "<mailto:unsub@letters.example>"


def test_multipart_without_boundary_is_read_as_text() -> None:
    message = parse_message(load("missing_boundary.eml"))
    assert "It should still be readable." in message.text
    assert "multipart without parts, read as text" in message.notes


def test_forwarded_message_is_quoted_and_attachments_listed() -> None:
    message = parse_message(load("forwarded_with_attachment.eml"))
    assert message.text.startswith("See below, and the PDF.")
    assert "> Here is the contract we discussed." in message.text
    kinds = {a.content_type: a for a in message.attachments}
    assert kinds["application/pdf"].filename == "contract.pdf"
    assert kinds["application/pdf"].size > 0
    assert "message/rfc822" in kinds
    assert message.has_attachments


def test_alternative_prefers_plain_and_bad_date_is_noted() -> None:
    message = parse_message(load("alternative_broken_base64.eml"))
    assert message.text.startswith("Hello from the plain part.")
    assert message.date is None
    assert any(note.startswith("unreadable date") for note in message.notes)
    # "not-an-address" has no domain and is dropped; the quoted comma name survives.
    assert message.cc == (Address("Gus, the other one", "gus@example.org"),)


@pytest.mark.parametrize("name", ["garbage.eml", "empty.eml"])
def test_non_messages_are_kept_with_a_note(name: str) -> None:
    message = parse_message(load(name))
    assert message.notes
    assert message.message_id == ""


def test_text_is_capped() -> None:
    raw = b"From: a@b.example\nSubject: long\n\n" + b"word " * (TEXT_LIMIT // 2)
    message = parse_message(raw)
    assert len(message.text) == TEXT_LIMIT
    assert f"text cut to {TEXT_LIMIT} characters" in message.notes


def test_parse_fetched_decodes_a_truncated_base64_html_part() -> None:
    import base64

    html = "<p>Hi Sam, would you be open to a quick chat?</p>" * 50
    encoded = base64.encodebytes(html.encode("utf-8"))
    message = parse_fetched(
        b"From: Ann <ann@example.org>\r\nSubject: hi\r\nMessage-ID: <x@y.example>\r\n\r\n",
        encoded[:301],  # cut mid-line and mid-quantum
        content_type="text/html",
        charset="utf-8",
        transfer_encoding="base64",
        size=123456,
        truncated=True,
    )
    assert message.body_format == "html"
    assert message.text.startswith("Hi Sam, would you be open to a quick chat?")
    assert message.size == 123456
    assert "body truncated by sync" in message.notes
    assert message.from_ == (Address("Ann", "ann@example.org"),)


def test_minus_zero_zone_is_utc_without_a_note() -> None:
    # RFC 5322: "-0000" means UTC with the local zone unknown; it is valid, not a problem.
    message = parse_message(load("utc_unknown_zone.eml"))
    assert message.date == datetime(2026, 11, 17, 3, 0, 5, tzinfo=UTC)
    assert message.notes == ()
    missing = parse_message(b"Subject: x\nDate: Tue, 17 Nov 2026 03:00:05\n\nbody\n")
    assert missing.date == datetime(2026, 11, 17, 3, 0, 5, tzinfo=UTC)
    assert missing.notes == ("date without a time zone, read as UTC",)


def test_layout_tables_lose_their_padding_but_no_words() -> None:
    message = parse_message(load("layout_tables.eml"))
    lines = message.text.splitlines()
    assert all(len(line) - len(line.lstrip()) <= 8 for line in lines)
    assert not any("    " in line.strip() for line in lines)
    words = ["Kilns are back", "In this issue", "Glazes", "Letters", "patience.", "Calder"]
    assert all(word in message.text for word in words)
    assert message.text.count("Kilns are back") == 4
    assert message.body_format == "html"
    assert message.notes == ()


def _with_charset(charset: str, body: bytes) -> bytes:
    return (
        b"From: a@b.example\nSubject: charset\nMIME-Version: 1.0\n"
        b'Content-Type: text/plain; charset="' + charset.encode() + b'"\n'
        b"Content-Transfer-Encoding: 8bit\n\n" + body
    )


@pytest.mark.parametrize(
    ("charset", "body", "text"),
    [
        ("gb2312", "朱镕基访问了上海".encode("gbk"), "朱镕基访问了上海"),  # 镕 is GBK only
        ("iso-8859-1", b"\x93quoted\x94 na\xefve", "“quoted” naïve"),  # cp1252 quotes
        ("ks_c_5601-1987", "안녕하세요".encode("cp949"), "안녕하세요"),
        ("x-mac-cyrillic", "Привет".encode("mac_cyrillic"), "Привет"),
        ("charset=us-ascii", b"plain words", "plain words"),
    ],
)
def test_mislabelled_charsets_are_read_as_mail_clients_read_them(
    charset: str, body: bytes, text: str
) -> None:
    message = parse_message(_with_charset(charset, body + b"\n"))
    assert message.text.strip() == text
    assert message.notes == ()


def test_a_body_invalid_in_every_reading_is_replaced_and_noted() -> None:
    message = parse_message(_with_charset("utf-8", b"caf\xc3 \xff\xfe ok\n"))
    assert message.text.strip() == "caf\ufffd \ufffd\ufffd ok"
    assert message.notes == ("body not valid utf-8",)


def test_oversized_headers_are_cut_and_decoded_without_the_header_parser() -> None:
    word = "=?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln_?="
    subject = "\n ".join([word] * 5000)  # ~220 KB of encoded words
    to = ",\n ".join(f'"Gäst {i}" <guest{i}@party.example>' for i in range(3000))
    raw = (
        f"From: host@party.example\nTo: {to}\nSubject: {subject}\n"
        "Date: Sat, 21 Nov 2026 18:00:00 +0100\nMessage-ID: <big-1@party.example>\n\nhi\n"
    ).encode()
    message = parse_message(raw)
    assert message.subject.startswith("Grüße aus Köln Grüße aus Köln")
    assert len(message.subject) <= HEADER_LIMIT
    assert 300 < len(message.to) < 3000
    assert message.to[0] == Address("Gäst 0", "guest0@party.example")
    last = message.to[-1]
    assert last == Address(
        f"Gäst {len(message.to) - 1}", f"guest{len(message.to) - 1}@party.example"
    )
    assert message.date == datetime(2026, 11, 21, 17, 0, tzinfo=UTC)
    assert message.message_id == "<big-1@party.example>"
    assert message.text.strip() == "hi"
    assert set(message.notes) == {
        f"subject header cut to {HEADER_LIMIT} characters",
        f"to header cut to {HEADER_LIMIT} characters",
    }


# The fast header path must give what policy.default's header objects give (or step aside).
HEADER_CASES = [
    ("content-type", "text/plain; charset=us-ascii"),
    ("content-type", 'multipart/alternative; boundary="===============45935672781==" '),
    ("content-type", "TEXT/Plain ;Charset=ISO-8859-1; format=flowed; delsp=yes"),
    ("content-type", 'text/html; charset=""; x=1; x=2'),
    ("content-type", 'multipart/mixed; boundary="a b;c=d"'),
    ("content-type", "text/plain;"),
    ("content-type", "text/plain; name*=utf-8''caf%C3%A9.txt"),
    ("content-type", "text/plain; boundary=----=_Part_1"),
    ("content-type", "text/plain (comment); charset=utf-8"),
    ("content-type", "text"),
    ("message-id", "<179618586116.28188.45210795685615959.b0@example.org>"),
    ("message-id", "  <a.b@c>  "),
    ("message-id", "<a@b> trailing"),
    ("message-id", "no-brackets@example.org"),
    ("sender", "<list-bounces@lists.example.org>"),
    ("sender", '"Media Unspun" <guterman@mediaunspun.example>'),
    ("sender", '"Smith, Ann" <ann@x.example>'),
    ("sender", "Ann  Smith <ann@x.example>"),
    ("sender", '"Dr. Ann" <ann@x.example>'),
    ("sender", "owner-list@x.example"),
    ("sender", "a@b.example, c@d.example"),
    ("precedence", "bulk  "),
    ("x-mailer", "Foo\tMailer 2.0"),
    ("list-post", "<mailto:list@x.example>"),
]


@pytest.mark.parametrize(("name", "value"), HEADER_CASES)
def test_plain_headers_read_as_policy_default_reads_them(name: str, value: str) -> None:
    from email import policy

    expected = str(policy.default.header_factory(name, value))
    message = parse_fetched(f"From: a@b.example\r\n{name}: {value}\r\n\r\n".encode(), b"")
    if name == "message-id":
        # The first <...> of what policy.default reads, else the bare id in brackets.
        found = re.search(r"<[^<>\s]+>", expected)
        bare = expected.strip()
        wanted = found.group(0) if found else (f"<{bare}>" if bare and " " not in bare else "")
        assert message.message_id == wanted
    else:
        assert message.headers.get(name, "") == expected


ADDRESS_CASES = [
    "Ann <ann@x.example>",
    '"Smith, Ann" <ann@x.example>, bob@y.example',
    "Ann   Q Smith<ann@x.example> , <c@d.example>",
    '"" <empty@x.example>',
    '"a@b" <real@x.example>',
    "o'brien+tag@x.example",
    "Ann <ann@x.example>,",
    "John Q. Public <jqp@x.example>",
    "ann@x.example (Ann Smith)",
    "undisclosed-recipients:;",
    '"quoted \\" name" <q@x.example>',
    "Ann <ann@x.example>, ann@X.example",
]


@pytest.mark.parametrize("value", ADDRESS_CASES)
def test_plain_address_lists_read_as_policy_default_reads_them(value: str) -> None:
    from email import policy

    header = policy.default.header_factory("to", value)
    expected: list[Address] = []
    for address in header.addresses:
        found = Address(" ".join(address.display_name.split()), address.addr_spec)
        if "@" in found.email and found.key not in {a.key for a in expected}:
            expected.append(found)
    message = parse_fetched(f"To: {value}\r\n\r\n".encode(), b"")
    if expected:
        assert list(message.to) == expected
