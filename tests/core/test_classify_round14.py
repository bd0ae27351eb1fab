"""core.classify: what probes 14 and 15 missed, each with messages written here."""

from __future__ import annotations

import pytest

from tests.support.verdicts import fired, written
from triage.core.categories import Category
from triage.core.classify import ClassifyContext, classify
from triage.core.message import Message

OWNER = "Rosa Quint <rosa@quintdesign.example>"
STRANGER = "Ivo Brandt <ivo@brandtworks.example>"
INTRODUCER = "Mei Tanaka <mei@tanaka.example>"
CONTEXT = ClassifyContext.for_owner(["rosa@quintdesign.example"], name="Rosa Quint")


def msg(
    body: str,
    *,
    subject: str = "Hello",
    to: str = OWNER,
    cc: str = "",
    sender: str = STRANGER,
) -> Message:
    """A message we write here, as bytes through the real parser."""
    return written(
        body, sender=sender, to=to, cc=cc, subject=subject, message_id="<r14@brandtworks.example>"
    )


# --- 1. the introduced person writing after the owner's yes --------------------------------


def test_thanks_for_saying_yes_with_the_introducer_copied_is_an_opt_in() -> None:
    body = (
        "Hi Rosa,\n\nMei passed along your reply - thank you for saying yes.\n\n"
        "Quick background: I run a small print shop and want to understand how studios "
        "price packaging work. Would Tuesday or Thursday work for 20 minutes?\n\nIvo"
    )
    verdict = classify(msg(body, subject="Thanks for agreeing to chat", cc=INTRODUCER), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_a_named_contact_who_says_you_agreed_makes_an_opt_in() -> None:
    body = (
        "Dear Rosa,\n\nMei Tanaka told me that you kindly agreed to a short call about my "
        "packaging question, and she passed on your address with your permission.\n\n"
        "I can do 20 minutes any weekday after 4 pm.\n\nIvo"
    )
    verdict = classify(msg(body, subject="Thank you for agreeing to a call"), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert not fired(verdict, "name_drop")  # passed on with permission: not a blind pass-on
    assert verdict.category is Category.OPT_IN


def test_thanks_for_agreeing_inside_an_agreed_intro_is_not_ordinary_thanks() -> None:
    body = (
        "Rosa, Ivo -\n\nPer our chat on Thursday, here's the intro. Thank you for agreeing "
        "to this, Rosa.\n\nIvo runs a print shop; Rosa built the packaging line I mentioned."
        "\n\nMei"
    )
    verdict = classify(msg(body, to=f"{OWNER}, {STRANGER}", sender=INTRODUCER), CONTEXT)
    assert fired(verdict, "agreed_thanks")
    assert verdict.category is Category.OPT_IN


def test_thanks_for_agreeing_to_speak_stays_ordinary_mail() -> None:
    body = (
        "Hi Rosa,\n\nThanks for agreeing to speak at the packaging summit. Mei, copied, "
        "will send the schedule.\n\nIvo"
    )
    verdict = classify(msg(body, cc=INTRODUCER), CONTEXT)
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.OTHER


# --- 2. a stranger's bare "can we talk?" -------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "can we talk tomorrow? 10 min. Ivo",
        "Hey Rosa - Ivo from the design week speaker dinner (I was next to Mei). can we talk "
        "tomorrow? 10 min, whenever works",
    ],
)
def test_a_strangers_bare_talk_request_with_a_length_is_a_bare_ask(body: str) -> None:
    verdict = classify(msg(body, subject="hey"), CONTEXT)
    assert fired(verdict, "bare_ask")
    assert verdict.category is Category.SALES_PITCH


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        (
            "Rosa, the numbers in last week's report look off for region 3. Could you take a "
            "look? Happy to jump on a quick call.",
            "report question",
        ),
        ("We've deployed a fix. If the issue continues, happy to hop on a quick call.", "Ticket"),
        ("Thanks Mei (to bcc)! Rosa, great to meet you. Are you free Thursday?", "Re: intro"),
        ("Can we talk tomorrow about the invoice for the May print run?", "Invoice"),
        ("Coffee saturday? Can we talk then?", "hi"),
    ],
)
def test_offers_replies_topics_and_meals_are_no_bare_ask(body: str, subject: str) -> None:
    verdict = classify(msg(body, subject=subject), CONTEXT)
    assert not fired(verdict, "bare_ask")


# --- 3. asks the phrase lists did not cover ------------------------------------------------


def test_just_a_couple_of_quick_questions_over_the_phone_is_a_pick_your_brain() -> None:
    body = (
        "Hello Ms Quint, I found your name on the guild website. Could I ask you just a "
        "couple of quick questions about my portfolio over the phone? Will take 5 min."
    )
    verdict = classify(msg(body, subject="question"), CONTEXT)
    assert fired(verdict, "pick_your_brain")
    assert verdict.category is Category.SALES_PITCH


def test_a_fundraising_ask_with_gift_amounts_is_a_pitch_not_a_price_list() -> None:
    body = (
        "Dear Friend,\n\nI'm reaching out personally with a quick ask. Every gift before "
        "December 1 will be matched up to $50,000.\n\nWould you consider a gift of $250, $500 "
        "or $1,000? Better still, would you join our host committee? It only asks that you "
        "invite ten friends from your network.\n\nI'd love to find 15 minutes to tell you "
        "more.\n\nIvo Brandt\nExecutive Director"
    )
    verdict = classify(msg(body, to="undisclosed-recipients:;"), CONTEXT)
    assert fired(verdict, "price_list")
    assert len(fired(verdict, "sales_terms")) == 2
    assert any("find 15 minutes" in e for e in fired(verdict, "time_ask"))
    assert verdict.category is Category.SALES_PITCH


# --- 4. probes 16 and 17: intros to a few, the introducer copied, subtle asks -------------


def test_hey_all_to_two_outsiders_with_an_intro_is_no_group_greeting() -> None:
    body = (
        "Hey all!\n\nLooping you three together: Rosa designs packaging, Ivo and Jun both "
        "run print shops. I told them Rosa would happily do a joint session next week.\n\nMei"
    )
    to = f"{OWNER}, {STRANGER}, Jun Park <jun@park.example>"
    verdict = classify(msg(body, to=to, sender=INTRODUCER), CONTEXT)
    assert not fired(verdict, "group_greeting")
    assert fired(verdict, "intro_phrase")
    assert fired(verdict, "offered_time")
    assert verdict.category is Category.BLIND_INTRO


def test_dear_friends_and_family_to_a_few_is_still_a_group_greeting() -> None:
    body = (
        "Dear friends and family,\n\nPlease allow us to introduce our daughter Ada, born Tuesday."
    )
    to = f"{OWNER}, {STRANGER}, Jun Park <jun@park.example>"
    verdict = classify(msg(body, to=to, sender=INTRODUCER), CONTEXT)
    assert fired(verdict, "group_greeting")
    assert verdict.category is Category.OTHER


def test_the_name_dropped_introducer_copied_in_tips_a_pitch_into_a_blind_intro() -> None:
    body = (
        "Hi Rosa,\n\nMei Tanaka suggested I reach out (copying her here). I am the co-founder "
        "of Inkly; we are raising our seed round and would love you to look at our deck. Can "
        "we do a call on Saturday?\n\nIvo"
    )
    verdict = classify(msg(body, cc=INTRODUCER), CONTEXT)
    assert fired(verdict, "introducer_copied") == ["Mei Tanaka <mei@tanaka.example> is copied"]
    assert verdict.category is Category.BLIND_INTRO


@pytest.mark.parametrize(
    "body",
    [
        "Saw your tweet last week about print costs. We built Inkly to fix that. Would love "
        "your honest feedback, and if you like it, a quick tweet would mean the world.",
        "I've been building Inkly for a year; twelve studios use it. I would genuinely love "
        "your feedback. I've set up a free Pro account for you.",
    ],
)
def test_product_feedback_asks_with_an_endorsement_or_a_free_account_are_pitches(
    body: str,
) -> None:
    verdict = classify(msg(body), CONTEXT)
    assert verdict.category is Category.SALES_PITCH


def test_just_met_and_a_coffee_ask_is_a_bare_ask_not_a_friends_invite() -> None:
    body = "Rosa, so good to meet you at the guild drinks on Tuesday. Coffee on Thursday?\n\nIvo"
    verdict = classify(msg(body, subject="Thursday?"), CONTEXT)
    assert fired(verdict, "cold_opener")
    assert fired(verdict, "bare_ask")
    assert verdict.category is Category.SALES_PITCH


@pytest.mark.parametrize(
    "body",
    [
        "Founder in our syndicate asked if I know anyone at your studio. Happy to connect you if "
        "it's useful, equally happy to tell him you're full. Y/N?",
        "I'm writing to ask whether you'd be willing to speak to a former student of mine. I "
        "haven't mentioned your name to him, so if you'd rather not, just tell me.",
        "Unrelated, and only if you're interested: one of our authors would love to interview "
        "you. I haven't said a word to him about you. If you fancy it, I'll put you in touch. "
        "If not, I'll never bring it up.",
    ],
)
def test_permission_first_asks_in_few_words_or_buried_are_opt_ins(body: str) -> None:
    verdict = classify(msg(body, sender=INTRODUCER), CONTEXT)
    assert not fired(verdict, "intro_phrase")  # "If you fancy it, I'll put you in touch"
    assert verdict.category is Category.OPT_IN


def test_a_cold_email_mentioned_in_passing_is_no_cold_opener() -> None:
    body = "We met once; an intro from you would land better than my cold email to her."
    assert not fired(classify(msg(body), CONTEXT), "cold_opener")
    opener = classify(msg("Apologies for the cold email. Do you have time for a call?"), CONTEXT)
    assert fired(opener, "cold_opener")


# --- 5. probes 18 and 19: reported consent, promised time, pitches in other clothes --------


@pytest.mark.parametrize(
    ("body", "cc"),
    [
        (
            "Mei Tanaka let me know you were happy for me to get in touch - thank you. The ask: "
            "45 minutes to walk you through our brief. A one-line no is fine.",
            INTRODUCER,
        ),
        (
            "Mei Tanaka let me know that you would be open to hearing about our project. She "
            'passed on your reply ("Sure, she can write to me"), so I will keep this short.',
            INTRODUCER,
        ),
        (
            "Mei told me you were happy to have a short conversation - thank you. She forwarded "
            "your conditions, which we respect. Would Monday at 3 suit you?",
            INTRODUCER,
        ),
    ],
)
def test_consent_reported_by_the_introduced_person_is_an_opt_in(body: str, cc: str) -> None:
    verdict = classify(msg(body, cc=cc), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_thanks_with_the_owners_name_in_between_is_an_agreement() -> None:
    body = (
        "Dear Rosa, dear Ivo,\n\nThank you very much, Rosa, for agreeing to meet Ivo - as "
        "promised I now introduce you.\n\nIvo, this is Rosa Quint, who runs the studio I "
        "mentioned.\n\nMei"
    )
    verdict = classify(msg(body, to=f"{OWNER}, {STRANGER}", sender=INTRODUCER), CONTEXT)
    assert fired(verdict, "intro_meet") == ["Ivo, this is Rosa Quint, who"]
    assert verdict.category is Category.OPT_IN


def test_self_identification_is_no_this_is_intro() -> None:
    verdict = classify(msg("Hi Rosa, this is Ivo from Brandtworks. Quick question."), CONTEXT)
    assert not fired(verdict, "intro_meet")


@pytest.mark.parametrize(
    "body",
    [
        "I said I will ask you first before I give your contact. If you don't want, no problem "
        "at all.",
        "A journalist asked if I knew anyone. I'd love to suggest you but wanted to check first. "
        "If you're swamped or would rather not, just ignore this.",
    ],
)
def test_asking_first_is_an_opt_in(body: str) -> None:
    verdict = classify(msg(body, sender=INTRODUCER), CONTEXT)
    assert fired(verdict, "consent_ask")
    assert verdict.category is Category.OPT_IN


def test_would_you_like_me_to_pass_your_name_on_is_a_consent_ask() -> None:
    verdict = classify(msg("Would you like me to pass your name on? Totally fine if not."), CONTEXT)
    assert fired(verdict, "consent_ask")


def test_a_client_promising_the_owners_time_in_a_thread_is_a_blind_intro() -> None:
    body = (
        "Thanks Rosa, the notes make sense.\n\nSeparately, I've cc'd Jun, who runs Parkly. I "
        "told him you'd be the perfect person and would happily jump on a call with him this "
        "week.\n\nHope you don't mind!\n\nIvo"
    )
    verdict = classify(
        msg(body, subject="Re: sprint notes", cc="Jun Park <jun@park.example>"), CONTEXT
    )
    assert fired(verdict, "offered_time")
    assert verdict.category is Category.BLIND_INTRO


@pytest.mark.parametrize(
    "body",
    [
        "Mr. Tinashe Gumbo of the Design Forum give me your contact. He say you are the best "
        "designer for us. It is possible to make a call this week?",
        "Prof. Mei Tanaka gave me your address, and she said you are the right person to help. "
        "I am a postdoctoral researcher. Could you find time for a short call this month?",
    ],
)
def test_name_drops_in_other_words_and_twice_outweigh_the_ask(body: str) -> None:
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "name_drop")
    assert verdict.category is Category.BLIND_INTRO


@pytest.mark.parametrize(
    ("signal", "body"),
    [
        ("pick_your_brain", "Can I interview you for my thesis? It'll only take an hour."),
        ("reach_ask", "If you could connect me with 3 or 4 other studio founders you know."),
        ("sales_terms", "Would love to do a collab: huge exposure for you, babe."),
        ("sales_terms", "Great news - your studio has been selected for our Pioneers programme!"),
        ("sales_terms", "That means a free 90-day pilot of our cloud."),
        ("self_intro", "We are a leading ISO certified Contract Research Organisation."),
        ("time_ask", "We would like to request 15 minutes of your valuable time."),
        ("time_ask", "Kindly let us know your convenient time for a call."),
        ("calendar_link", "Book your onboarding here."),
        ("bump", "Just checking in - any thoughts on my note below?"),
    ],
)
def test_round_18_phrasings(signal: str, body: str) -> None:
    assert fired(classify(msg(body), CONTEXT), signal), body


def test_a_bump_that_says_it_twice_is_a_pitch() -> None:
    body = "Hi Rosa,\n\nJust bumping this to the top of your inbox - any thoughts on my note below?"
    verdict = classify(msg(body, subject="Re: Collaboration opportunity"), CONTEXT)
    assert len(fired(verdict, "bump")) == 2
    assert verdict.category is Category.SALES_PITCH


# --- 6. probe 21 -------------------------------------------------------------------------


def test_open_to_me_connecting_you_is_a_consent_ask() -> None:
    body = "Would you be open to me connecting you? Just a 20 min call. No stress if not."
    verdict = classify(msg(body, sender=INTRODUCER), CONTEXT)
    assert fired(verdict, "consent_ask")
    assert verdict.category is Category.OPT_IN


def test_a_name_drop_inside_a_thread_with_the_owner_is_an_intro_in_the_thread() -> None:
    body = (
        "Fixed the shader bug, thanks!\n\nAlso, I've cc'd my mate Jun, he said you're the guy "
        "for console ports. You two should compare notes.\n\nIvo\n\n"
        "On Mon, 2 Nov 2026, Rosa Quint <rosa@quintdesign.example> wrote:\n> Any luck?"
    )
    verdict = classify(
        msg(body, subject="Re: shader bug", cc="Jun Park <jun@park.example>"), CONTEXT
    )
    assert fired(verdict, "introduced_in_thread")
