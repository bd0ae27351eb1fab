"""core.classify: probe 13's four kinds of ask, each with messages written here."""

from __future__ import annotations

import pytest

from tests.support.verdicts import fired, written
from triage.core.categories import Category
from triage.core.classify import ClassifyContext, classify
from triage.core.message import Message

OWNER = "Morgan Lee <morgan@leestudio.example>"
STRANGER = "Alex Stone <alex@stonecraft.example>"
CONTEXT = ClassifyContext.for_owner(["morgan@leestudio.example"], name="Morgan Lee")
NO_NAME = ClassifyContext.for_owner(["morgan@leestudio.example"])


def msg(body: str, *, subject: str = "Hello", to: str = OWNER, sender: str = STRANGER) -> Message:
    """A message we write here, as bytes through the real parser."""
    return written(
        body, sender=sender, to=to, subject=subject, message_id="<r13@stonecraft.example>"
    )


# --- 1. endorsement and referral asks ------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Could you perhaps recommend Inkwell to a couple of friends who run studios?",
        "Would you mind mentioning our app to some colleagues at the guild?",
        "Would you consider vouching for us to others in the guild?",
        "Please recommend us if the topic ever comes up.",
        "Will you refer me to anyone hiring illustrators this spring?",
    ],
)
def test_endorsement_or_referral_ask_is_a_reach_ask(body: str) -> None:
    verdict = classify(msg(f"Hi Morgan,\n\n{body}\n\nThanks,\nAlex"), CONTEXT)
    assert fired(verdict, "reach_ask"), body
    assert verdict.category is Category.SALES_PITCH


def test_recommending_something_yourself_is_no_reach_ask() -> None:
    body = "I would recommend the new printer to anyone. The invoice is attached."
    verdict = classify(msg(body), CONTEXT)
    assert not fired(verdict, "reach_ask")
    assert verdict.category is Category.OTHER


# --- 2. a stranger's bare "can we talk?" ---------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Morgan - could we speak on Friday?\n\nSam",
        "Hey Morgan, can we chat?\n\nJo",
        "Hi Morgan, free to talk this week?\n\nKit",
    ],
)
def test_strangers_bare_ask_to_talk_is_a_pitch(body: str) -> None:
    verdict = classify(msg(body, subject="friday"), NO_NAME)
    assert fired(verdict, "bare_ask")
    assert verdict.category is Category.SALES_PITCH


def test_bare_ask_weighs_more_from_a_first_time_sender_and_not_at_all_from_a_contact() -> None:
    body = "Hi Morgan, can we talk on Monday?\n\nSam"
    stranger = ClassifyContext.for_owner(["morgan@leestudio.example"], written_to=["x@y.example"])
    friend = ClassifyContext.for_owner(
        ["morgan@leestudio.example"], written_to=["alex@stonecraft.example"]
    )
    without_history = [
        r.weight for r in classify(msg(body), CONTEXT).reasons if r.signal == "bare_ask"
    ]
    with_history = [
        r.weight for r in classify(msg(body), stranger).reasons if r.signal == "bare_ask"
    ]
    assert with_history
    assert without_history
    assert with_history[0] > without_history[0]
    verdict = classify(msg(body), friend)
    assert not fired(verdict, "bare_ask")
    assert verdict.category is Category.OTHER


@pytest.mark.parametrize(
    "body",
    [
        "Lunch on Tuesday? Can we talk then?",
        "Can we talk tomorrow about the kiln repair quote you sent, and whether the second "
        "firing can move to the week after? The glaze order is late.",
    ],
)
def test_a_meal_or_a_topic_is_no_bare_ask(body: str) -> None:
    assert not fired(classify(msg(body), CONTEXT), "bare_ask")


def test_being_free_to_chat_as_a_statement_is_no_time_ask() -> None:
    assert not fired(classify(msg("Sure, I'm free to chat on Tuesday."), CONTEXT), "time_ask")


def test_a_bare_question_without_a_time_phrase_needs_history_to_tip() -> None:
    body = "Hi Morgan, got time for a call tomorrow?"
    assert classify(msg(body), NO_NAME).category is Category.OTHER
    stranger = ClassifyContext.for_owner(["morgan@leestudio.example"], written_to=["x@y.example"])
    assert classify(msg(body), stranger).category is Category.SALES_PITCH


def test_the_owners_first_name_in_a_greeting_is_not_a_third_person() -> None:
    verdict = classify(msg("Hi Morgan, could we meet next week?"), NO_NAME)
    assert not fired(verdict, "consent_question")


# --- 3. the agreed introduction that follows a yes ------------------------------------------


def test_agreed_intro_as_promised_is_opt_in_not_business_as_usual() -> None:
    body = (
        "Thank you for agreeing, Morgan. Introducing you both, as promised.\n\n"
        "Ellis runs the print co-op I mentioned; Morgan designs its posters."
    )
    verdict = classify(msg(body, to=f"{OWNER}, Ellis Park <ellis@coop.example>"), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert fired(verdict, "agreed_promise") == ["as promised"]
    assert verdict.category is Category.OPT_IN


def test_as_you_agreed_is_an_agreement() -> None:
    body = "As you kindly agreed last week, here's Ellis. I'll leave the rest to you two."
    verdict = classify(msg(body, to=f"{OWNER}, Ellis Park <ellis@coop.example>"), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_as_promised_without_an_agreement_stays_business_as_usual() -> None:
    verdict = classify(msg("As promised, the proofs for the spring catalogue."), CONTEXT)
    assert fired(verdict, "business_as_usual") == ["As promised"]
    assert not fired(verdict, "agreed_promise")
    assert verdict.category is Category.OTHER


# --- 4. a passed-on contact beats "mentor me" ----------------------------------------------


def test_contact_got_from_a_named_person_is_a_name_drop_over_mentor_me() -> None:
    body = (
        "I received your number through Dana Whitfield at the makers' fair. She said you "
        "would be glad to mentor me as I open my first pottery studio."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "name_drop") == ["received your number through Dana"]
    assert fired(verdict, "pick_your_brain")
    assert verdict.category is Category.BLIND_INTRO


@pytest.mark.parametrize(
    "body",
    [
        "I got your email from LinkedIn and would love to show you our tool.",
        "If I got your email from Dana, I apologise for the confusion.",
    ],
)
def test_a_platform_or_a_hypothetical_is_no_passed_on_contact(body: str) -> None:
    assert not fired(classify(msg(body), CONTEXT), "name_drop")
