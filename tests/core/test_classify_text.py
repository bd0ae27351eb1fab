"""core.text: the new text is separated from quotes, signatures and legal footers."""

from __future__ import annotations

import pytest

from triage.core.text import split_body

QUOTES = {
    "gmail": "Sounds good.\n\nOn Tue, Jun 9, 2026 at 8:14 AM Sunil\n<s@k.example> wrote:\n> Hi",
    "apple": "Sounds good.\n\n> On 14 Aug 2026, at 18:02, Jo <jo@x.example> wrote:\n>\n> Hi",
    "outlook": "Sounds good.\n\n-----Original Message-----\nFrom: Jo\nSent: Monday\n\nHi",
    "outlook_header": "Sounds good.\n\nFrom: Jo <jo@x.example>\nSent: Monday, June 1\nTo: Me\n\nHi",
    "underscores": "Sounds good.\n\n________________________________\nFrom: Jo\n\nHi",
    "french": "Sounds good.\n\nLe 04/09/2026 à 03:20, Jordan a écrit :\n> Hi",
    "forward": "Sounds good.\n\n---------- Forwarded message ----------\nFrom: Jo\n\nHi",
}


@pytest.mark.parametrize("style", sorted(QUOTES))
def test_quoted_thread_is_cut(style: str) -> None:
    body = split_body(QUOTES[style])
    assert body.new == "Sounds good."
    assert "Hi" in body.quoted


def test_interleaved_quote_lines_move_to_quoted() -> None:
    body = split_body("> earlier words\nMy answer.")
    assert body.new == "My answer."
    assert body.quoted.startswith("> earlier words")


@pytest.mark.parametrize(
    "text",
    [
        "See you then.\n-- \nAlex Stone\nStonecraft",
        "See you then.\n\nSent from my iPhone",
        "See you then.\n\nBest,\nAlex\nFounder, Stonecraft\n+1 555 0100",
    ],
)
def test_signature_is_cut(text: str) -> None:
    body = split_body(text)
    assert body.new.startswith("See you then.")
    assert "Stonecraft" not in body.new
    assert "iPhone" not in body.new


def test_legal_footer_is_cut_but_a_sentence_about_confidentiality_is_kept() -> None:
    text = (
        "It's a completely confidential 20-minute chat.\n\n"
        "CONFIDENTIALITY: This e-mail is intended only for the named recipient and may be "
        "legally privileged."
    )
    body = split_body(text)
    assert body.new == "It's a completely confidential 20-minute chat."
    assert "intended only" in body.signature


def test_huge_text_is_bounded() -> None:
    body = split_body("word " * 100_000)
    assert len(body.new) <= 20_000
