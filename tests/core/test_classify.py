"""core.classify: one test per signal, the decision rules, and the probe corpus we wrote."""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from tests.support.verdicts import fired, written
from triage.commands.classify import corpus_owner
from triage.core.categories import Category
from triage.core.classify import ClassifyContext, Learned, classify, flatten
from triage.core.message import Message
from triage.core.parse import parse_message
from triage.core.signals import (
    AGREED_PHRASE,
    FAMILIES,
    Search,
    _expanded,
    candidates,
    required_literals,
    required_words,
    requirements,
    words_of,
)

OWNER = "Morgan Lee <morgan@leestudio.example>"
STRANGER = "Alex Stone <alex@stonecraft.example>"
CONTEXT = ClassifyContext.for_owner(["morgan@leestudio.example"], name="Morgan Lee")
PROBE = Path(__file__).parents[1] / "fixtures" / "classify" / "probe"


def msg(
    body: str,
    *,
    subject: str = "Hello",
    sender: str = STRANGER,
    to: str = OWNER,
    cc: str = "",
    headers: dict[str, str] | None = None,
    calendar: bool = False,
) -> Message:
    """A message we write here, as bytes through the real parser."""
    return written(
        body,
        sender=sender,
        to=to,
        cc=cc,
        subject=subject,
        headers=headers,
        message_id="<t1@stonecraft.example>",
        calendar=calendar,
    )


# --- language: one sentence per phrase family --------------------------------------------------

FAMILY_EXAMPLES: dict[str, str] = {
    "intro_meet": "Morgan, meet Felix Otieno. He runs product at Tallyhoo.",
    "intro_phrase": "Allow me to introduce my colleague Ruth.",
    "cc_mention": "My cousin Rafael (cc'd) is starting out in design.",
    "handoff": "I'll let you two take it from here.",
    "offered_time": "I told him you'd be happy to spend an hour on his deck.",
    "name_drop": "Hannah Price suggested I reach out to you about a website.",
    "pick_your_brain": "Could I pick your brain about pricing?",
    "time_ask": "Could we set up a quick call on Thursday?",
    "time_amount": "It takes 15 minutes.",
    "calendar_link": "Grab a slot here: https://calendly.com/alex-stone/15min",
    "feedback_pretext": "I'd really value your honest feedback on our product.",
    "reach_ask": "Who are the rock stars you would recommend for this role?",
    "cold_opener": "I've been following your studio for years.",
    "self_intro": "I'm the founder of Stonecraft, a print shop.",
    "recruiting": "Would you be open to a confidential 20-minute conversation?",
    "sales_terms": "We see real synergy between our agencies.",
    "pay_to_play": "Featured guests contribute to the production costs.",
    "qualifying_question": "Is a rebrand on your roadmap for next year?",
    "bump": "Just floating this to the top of your inbox.",
    "sales_optout": "If you'd rather not hear from me, just reply.",
    "platform_pitch": "Sponsored message. Members can send InMail to anyone.",
    "consent_ask": "Would you be open to an introduction to Dee Walsh?",
    "answer_format": "A yes/no is plenty.",
    "spelled_out": "What it would involve: one 45-minute interview, at a time that suits you.",
    "easy_out": "If you're busy, no worries if not.",
    "vague_ask": "No agenda, I'd just like to hear how you got started.",
    "solicited": "Thanks for reaching out about the workshop.",
    "business_as_usual": "Attached is the invoice for March.",
    "nothing_asked": "Copying you so you're in the loop; nothing needed from you.",
    "handover": "Looping in Sam, who is taking over the Groenveld account in February.",
}


def test_every_family_has_an_example() -> None:
    assert {f.signal for f in FAMILIES} == set(FAMILY_EXAMPLES)


@pytest.mark.parametrize("signal", sorted(FAMILY_EXAMPLES))
def test_phrase_family_fires_with_the_phrase_as_evidence(signal: str) -> None:
    sentence = FAMILY_EXAMPLES[signal]
    verdict = classify(msg(sentence), CONTEXT)
    evidence = fired(verdict, signal)
    assert evidence, f"{signal} did not fire on {sentence!r}"
    family = next(f for f in FAMILIES if f.signal == signal)
    assert all(r.category is family.category for r in verdict.reasons if r.signal == signal)
    # The evidence is the literal text, so the UI can highlight it.
    assert all(e.lower() in sentence.lower() for e in evidence)


def test_phrases_match_across_hard_wrapped_lines() -> None:
    verdict = classify(msg("Would you be\nopen to an\nintroduction to Dee?"), CONTEXT)
    assert fired(verdict, "consent_ask")


def test_leading_word_boundary_is_kept() -> None:
    # "toothpick your brain" must not read as "pick your brain".
    assert not fired(
        classify(msg("A toothpick your brain would not notice."), CONTEXT), "pick_your_brain"
    )


def test_every_phrase_alternative_starts_with_what_it_matches() -> None:
    # A lookaround first ("(?<!took )your advice") hides the literal the search starts from:
    # the phrase is then tried at every position, several times slower (round 45).
    leading = [
        (family.signal, alternative)
        for family in FAMILIES
        for phrase in family.phrases
        for alternative in phrase.alternatives
        if alternative.removeprefix(r"\b").startswith(("(?<", "(?=", "(?!"))
    ]
    assert leading == []


def test_candidates_are_the_phrases_whose_anchors_occur() -> None:
    # `candidates` looks for in-word anchors ("5min", "thank") in the distinct words only.
    texts = [flatten(parse_message(p.read_bytes()).text) for p in PROBE.parent.rglob("*.eml")]
    texts += ["a 15min call? Thanks!", "in-cc: Ana <-> Bo, y/n", "Unsubscribed; won't 5-min"]
    for text in texts:
        lowered = text.lower()
        words = words_of(lowered)
        expected = {
            f: {p for p, phrase in enumerate(family.phrases) if phrase.possible(lowered, words)}
            for f, family in enumerate(FAMILIES)
        }
        assert candidates(lowered, words) == {f: ps for f, ps in expected.items() if ps}


def test_anchors_never_hide_a_match_in_the_fixtures() -> None:
    texts = [flatten(parse_message(p.read_bytes()).text) for p in PROBE.parent.rglob("*.eml")]
    texts += list(FAMILY_EXAMPLES.values())
    for text in texts:
        lowered = text.lower()
        for family in FAMILIES:
            for phrase in family.phrases:
                for match in phrase.pattern.finditer(text if phrase.cased else lowered):
                    segment = match.group(0).lower()
                    assert phrase.possible(segment, words_of(segment)), (family.signal, segment)


_W = re.compile(r"\w")


def _bounded(matches: Iterator[re.Match[str]], source: str) -> list[tuple[int, int]]:
    """Spans of the matches that start at a word boundary (the check `Family.hits` makes)."""
    return [
        m.span()
        for m in matches
        if not (m.start() and _W.match(source, m.start() - 1) and _W.match(source, m.start()))
    ]


def test_narrowed_patterns_find_exactly_what_the_whole_ones_find() -> None:
    # Narrowed by the words of the text, by the strings an alternative needs
    # (`pattern_for` with the text), or skipped when the text lacks every string the
    # phrase needs (`absent`): each finds exactly what the whole expression finds.
    texts = [flatten(parse_message(p.read_bytes()).text) for p in PROBE.parent.rglob("*.eml")]
    texts += list(FAMILY_EXAMPLES.values())
    phrases = [phrase for family in FAMILIES for phrase in family.phrases] + [AGREED_PHRASE]
    narrowed = skipped = dropped = 0
    for text in texts:
        lowered = text.lower()
        words = words_of(lowered)
        for phrase in phrases:
            source = text if phrase.cased else lowered
            whole = _bounded(phrase.pattern.finditer(source), source)
            pattern = phrase.pattern_for(words)
            narrowed += pattern is not phrase.search
            found = _bounded(pattern.finditer(source), source) if pattern else []
            assert found == whole, phrase.source
            if phrase.absent(lowered):
                skipped += 1
                assert whole == [], phrase.source
            by_text = phrase.pattern_for(words, lowered)
            dropped += by_text is not pattern
            found = _bounded(by_text.finditer(source), source) if by_text else []
            assert found == whole, phrase.source
    # Each way is exercised, not bypassed.
    assert narrowed > 1000
    assert skipped > 10_000
    assert dropped > 100


@pytest.mark.parametrize(
    ("source", "literals"),
    [
        (r"(?-i:[A-Z]\w+), (?:this|here) is (?-i:[A-Z]\w+)", (", here is ", ", this is ")),
        (r"(?:^|[.!?] )(?:free|around) for (?:a )?call\b", ("around for ", "free for ")),
        (r"\w+ (?:would|could) you\b", (" could you", " would you")),
        (r"quick (?:call|chat)", ()),  # begins with a literal: `re` scans for it itself
        (r"(?:quick |short )?call", ("call",)),
        (r"\w+ (?:a|b|c|d|e|f|g) x", ()),  # the strings are too short to tell anything
        (r"\w+ (?:very )?(?:kind|good) of you", ("kind of you", "good of you")),
    ],
)
def test_required_literals(source: str, literals: tuple[str, ...]) -> None:
    assert set(required_literals(source, re.IGNORECASE)) == set(literals)


@pytest.mark.parametrize(
    ("alternative", "expanded"),
    [
        (r"(?:quick|short) demo\b", (r"quick demo\b", r"short demo\b")),
        (r"(?:e-?mail|phone) me\b", (r"e-?mail me\b", r"phone me\b")),
        (r"(?:quick|short)? demo\b", (r"quick demo\b", r"short demo\b", r" demo\b")),
        (r"(?:a|(?:b|c)) x", ("a x", "b x", "c x")),  # a choice inside a choice
        (r"(?:\w+|[(|]) y", (r"\w+ y", "[(|] y")),  # a class holding a bar
        (r"(?:and )?now\b", (r"and now\b", r"now\b")),  # optional: tried first
        (r"(?:and )??now\b", (r"(?:and )??now\b",)),  # lazy: left whole
        (r"(?:a|b)+ x", (r"(?:a|b)+ x",)),  # repeated
        (r"quick demo\b", (r"quick demo\b",)),
    ],
)
def test_a_leading_choice_is_split(alternative: str, expanded: tuple[str, ...]) -> None:
    assert _expanded(alternative) == expanded


@pytest.mark.parametrize(
    "sources",
    [
        ("ab", "abc", "bcd", "c"),  # the same start: the first one listed wins
        ("bcd", "abc", "c", "d"),  # overlaps: the search goes on after the match taken
        ("a", "ab", "ac"),
        (r"x\w+", r"\w+x"),
    ],
)
def test_a_search_finds_what_the_alternation_finds(sources: tuple[str, ...]) -> None:
    text = "abcd abcd xbcd c abc cd xx axb dcba abab"
    search = Search(tuple(re.compile(s) for s in sources))
    whole = re.compile("|".join(sources))
    assert [m.span() for m in search.finditer(text)] == [m.span() for m in whole.finditer(text)]
    assert [m.span() for m in search.finditer(text, 3, 30)] == [
        m.span() for m in whole.finditer(text, 3, 30)
    ]


@pytest.mark.parametrize("source", ["(?:a|ab)c", "(?:a|ab)?bc", "(?:x|(?:a|ab)?)b"])
def test_a_split_choice_finds_what_the_choice_finds(source: str) -> None:
    text = "ac abc abd xabc bc abbc xb"
    split = Search(tuple(re.compile(s) for s in _expanded(source)))
    assert len(split.patterns) > 1
    assert [m.span() for m in split.finditer(text)] == [m.span() for m in re.finditer(source, text)]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (r"great (?:meeting|to meet) you at\b", {"great", "you", "at"}),
        (r"free samples?\b", {"free"}),  # "sample" is not whole: "samples" matches too
        (r"e-?intro(?:duction)?\b", set()),
        (r"(?:and|so) i(?:'ll| will) stop\b", {"stop"}),
        (r"i'm building\b", {"i", "m", "building"}),  # split at the apostrophe, as words_of
        (r"quick (?-i:[A-Z]\w+) call", {"quick"}),  # "call" may begin "caller"
        (r"intro", set()),  # no boundary after it: "introduction" matches
    ],
)
def test_required_words(source: str, words: set[str]) -> None:
    assert required_words(source) == frozenset(words)


@pytest.mark.parametrize(
    ("source", "choices"),
    [
        (r"(?:best|competitive) (?:prices?|pricing)\b", [{"best", "competitive"}]),
        (
            r"(?:look at|review) (?:my|our) (?:deck|site)\b",
            [{"look", "review"}, {"my", "our"}, {"deck", "site"}],
        ),
        (r"i(?:'m| am) building\b", [{"m", "am"}]),
        (r"(?:resume|cv)", []),  # no boundary after the choice: "resumes" matches
        (r"(?:call|phone) back\b", [{"call", "phone"}]),
    ],
)
def test_choices_need_one_word_of_each_arm(source: str, choices: list[set[str]]) -> None:
    assert [set(c) for c in requirements(source)[1]] == choices


def test_repeated_phrasing_counts_once() -> None:
    verdict = classify(msg("Do you have 30 minutes? Just 30 minutes, or 30-min."), CONTEXT)
    assert len(fired(verdict, "time_ask")) == 1


def test_sales_opt_out_is_not_an_easy_out() -> None:
    verdict = classify(msg("If you'd rather not hear from me, let me know."), CONTEXT)
    assert not fired(verdict, "easy_out")


# --- structure and history ---------------------------------------------------------------------


def test_from_owner() -> None:
    verdict = classify(msg("notes", sender=OWNER, to=STRANGER), CONTEXT)
    assert fired(verdict, "from_owner")
    assert verdict.category is Category.OTHER


def test_same_domain_colleague_is_other_even_when_asking_for_a_call() -> None:
    verdict = classify(
        msg("Can we talk tomorrow? 10 minutes.", sender="Tess <tess@leestudio.example>"), CONTEXT
    )
    assert fired(verdict, "same_domain")
    assert verdict.category is Category.OTHER


def test_automated_header_and_machine_sender() -> None:
    by_header = classify(msg("Receipt", headers={"Auto-Submitted": "auto-generated"}), CONTEXT)
    assert fired(by_header, "automated") == ["Auto-Submitted: auto-generated"]
    by_address = classify(msg("Receipt", sender="Shop <no-reply@shop.example>"), CONTEXT)
    assert fired(by_address, "automated")


def test_bulk_mail_headers() -> None:
    verdict = classify(
        msg("Newsletter: pick your brain week!", headers={"List-Id": "<news.example>"}), CONTEXT
    )
    assert fired(verdict, "bulk_mail") == ["List-Id: <news.example>"]
    assert verdict.category is Category.OTHER


def test_reply_to_owner_by_sent_message_id() -> None:
    context = ClassifyContext.for_owner(
        ["morgan@leestudio.example"], sent_ids=["<mine@mail.example>"]
    )
    verdict = classify(
        msg("Quick call tomorrow?", headers={"In-Reply-To": "<mine@mail.example>"}), context
    )
    assert fired(verdict, "reply_to_owner") == ["In-Reply-To/References: <mine@mail.example>"]
    assert verdict.category is Category.OTHER


def test_reply_to_owner_by_message_id_domain() -> None:
    verdict = classify(
        msg("Sure", headers={"In-Reply-To": "<x1@leestudio.example>"}, subject="Re: plan"),
        CONTEXT,
    )
    assert fired(verdict, "reply_to_owner")


def test_quotes_owner() -> None:
    body = (
        "Sounds good.\n\nOn Mon, Mar 2, 2026, Morgan Lee <morgan@leestudio.example> wrote:\n> Ok?"
    )
    assert fired(classify(msg(body), CONTEXT), "quotes_owner")


def test_known_contact_is_not_a_pitch_but_may_introduce() -> None:
    context = ClassifyContext.for_owner(
        ["morgan@leestudio.example"], written_to=["alex@stonecraft.example"]
    )
    verdict = classify(msg("Coffee next week? 15 minutes. Can we talk?"), context)
    assert fired(verdict, "known_contact")
    assert verdict.category is Category.OTHER
    assert context.has_history
    intro = classify(msg("Morgan, meet Felix Otieno. I told him you'd be happy to help."), context)
    assert intro.category is Category.BLIND_INTRO


def test_first_contact_weighs_a_strangers_ask_when_history_is_known() -> None:
    context = ClassifyContext.for_owner(["morgan@leestudio.example"], written_to=["x@y.example"])
    verdict = classify(msg("Do you have 15 minutes?"), context)
    assert fired(verdict, "first_contact") == ["you have never written to alex@stonecraft.example"]
    assert not fired(classify(msg("Do you have 15 minutes?"), CONTEXT), "first_contact")
    assert not fired(classify(msg("The boxes arrived."), context), "first_contact")


def test_first_contact_backs_the_leading_ask_and_never_flips_an_opt_in() -> None:
    context = ClassifyContext.for_owner(["morgan@leestudio.example"], written_to=["x@y.example"])
    body = (
        "Before I connect you with Aiko Mori, I wanted to check you're up for it. "
        "She'd want an hour on video in December. Yes, no or not now are all fine answers."
    )
    verdict = classify(msg(body), context)
    assert verdict.category is Category.OPT_IN
    assert [r.category for r in verdict.reasons if r.signal == "first_contact"] == [Category.OPT_IN]


def test_family_by_surname_is_not_a_pitch_but_may_introduce() -> None:
    verdict = classify(
        msg("Can I pick your brain about my invitations?", sender="Jamie Lee <j@mail.example>"),
        CONTEXT,
    )
    assert fired(verdict, "family")
    assert verdict.category is Category.OTHER
    intro = classify(
        msg(
            "This is Amara (cc). I told her you'd be happy to help with her portfolio.",
            sender="Jamie Lee <jamie@leestudio.example>",
            cc="Amara <amara@uni.example>",
        ),
        CONTEXT,
    )
    assert not fired(intro, "same_domain")  # a relative on the same provider
    assert intro.category is Category.BLIND_INTRO


def test_third_party_named_and_owner_only_in_cc() -> None:
    verdict = classify(
        msg("Felix, Morgan is great with brands.", to="Felix <felix@tally.example>", cc=OWNER),
        CONTEXT,
    )
    assert fired(verdict, "third_party") == ["To: Felix <felix@tally.example>"]
    assert fired(verdict, "third_party_named")
    assert fired(verdict, "owner_cc_only")


def test_third_party_alone_is_not_enough() -> None:
    verdict = classify(msg("See the figures below.", cc="Bo <bo@other.example>"), CONTEXT)
    assert fired(verdict, "third_party")
    assert verdict.category is Category.OTHER


def test_many_recipients_and_group_greeting() -> None:
    many = ", ".join(f"P{i} <p{i}@x{i}.example>" for i in range(5))
    verdict = classify(msg("Dear friends and family, please meet our baby!", cc=many), CONTEXT)
    assert fired(verdict, "many_recipients")
    assert fired(verdict, "group_greeting")
    assert verdict.category is Category.OTHER


def test_calendar_invitation_from_stranger_and_colleague() -> None:
    stranger = classify(msg("Join me", calendar=True), CONTEXT)
    assert fired(stranger, "calendar_from_stranger") == ["invite.ics"]
    colleague = classify(msg("Sync", sender="T <t@leestudio.example>", calendar=True), CONTEXT)
    assert fired(colleague, "calendar_invite")


def test_fake_reply_subject() -> None:
    assert fired(classify(msg("Following up.", subject="Re: our talk"), CONTEXT), "fake_reply")


def test_name_drop_from_core_roles_and_subject_via() -> None:
    roles = classify(msg("Priya Raman mentioned you would be good to talk to."), CONTEXT)
    assert fired(roles, "name_drop")
    via = classify(msg("Coffee soon?", subject="Coffee? (via Sofia Herrera)"), CONTEXT)
    assert fired(via, "name_drop") == ["(via Sofia Herrera)"]


def test_relayed_by_platform_cancels_most_of_the_machine_penalty() -> None:
    verdict = classify(
        msg(
            "Rob Taylor introduced you to Mei Lin. Rob: I told her you'd give her pointers.",
            sender="Links <invitations-noreply@links.example>",
            headers={"List-Unsubscribe": "<https://links.example/u>"},
        ),
        CONTEXT,
    )
    assert fired(verdict, "relayed_by_platform") == ["introduced you to"]
    assert verdict.category is Category.BLIND_INTRO


def test_consent_question_names_a_third_person() -> None:
    verdict = classify(
        msg("Morgan, keen to grab coffee with my friend Dana Lowe? Only if useful."), CONTEXT
    )
    assert fired(verdict, "consent_question") == [
        "Morgan, keen to grab coffee with my friend Dana Lowe?"
    ]
    assert verdict.category is Category.OPT_IN


def test_time_question_names_nobody() -> None:
    verdict = classify(msg("Are you around for a call on Friday?"), CONTEXT)
    assert fired(verdict, "time_question") == ["Are you around for a call on Friday?"]
    assert not fired(verdict, "consent_question")


def test_introduced_in_thread() -> None:
    body = (
        "Thursday works. Also, I've copied Bill Hardy, who runs the mural program. I promised "
        "him you would be happy to advise. Bill, meet Morgan (cc'd).\n\n"
        "On Mon, Mar 2, 2026 at 10:00 AM Morgan Lee <morgan@leestudio.example> wrote:\n> Ok"
    )
    verdict = classify(
        msg(
            body,
            cc="Bill Hardy <bill@dtba.example>",
            headers={"In-Reply-To": "<a@leestudio.example>"},
        ),
        CONTEXT,
    )
    assert fired(verdict, "introduced_in_thread")
    assert verdict.category is Category.BLIND_INTRO


def test_agreed_intro_turns_an_introduction_into_opt_in() -> None:
    verdict = classify(
        msg(
            "As agreed with you both, connecting you here. I'll leave the rest to you.",
            to=f"{OWNER}, Ellis <ellis@bank.example>",
        ),
        CONTEXT,
    )
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_owner_agreed_in_the_quoted_thread() -> None:
    body = (
        "Morgan, meet Felipe Santos (now in To). Moving myself to bcc.\n\n"
        "On Mar 5, 2026, Morgan Lee <morgan@leestudio.example> wrote:\n> Sure, happy to."
    )
    verdict = classify(
        msg(
            body,
            to=f"{OWNER}, Felipe <felipe@navio.example>",
            headers={"In-Reply-To": "<y@leestudio.example>"},
        ),
        CONTEXT,
    )
    assert fired(verdict, "agreed_intro")
    assert fired(verdict, "agreed_in_thread")
    assert verdict.category is Category.OPT_IN


def test_learned_sender_domain_and_signal() -> None:
    learned = Learned(
        senders={"alex@stonecraft.example": {Category.SALES_PITCH: 3.0}},
        domains={"stonecraft.example": {Category.SALES_PITCH: 0.6}},
        signals={"time_question": {Category.SALES_PITCH: 0.3}},
    )
    context = ClassifyContext.for_owner(["morgan@leestudio.example"], learned=learned)
    text = "Are you around for a call next week?"
    verdict = classify(msg(text), context)
    assert fired(verdict, "learned_sender")
    assert fired(verdict, "learned_domain")
    assert fired(verdict, "learned_signal")
    assert verdict.category is Category.SALES_PITCH
    assert classify(msg(text), CONTEXT).category is Category.OTHER


# --- the decision ------------------------------------------------------------------------------


def test_plain_message_is_other_with_low_evidence() -> None:
    verdict = classify(msg("The boxes arrived, thanks."), CONTEXT)
    assert verdict.category is Category.OTHER
    assert verdict.reasons == ()
    assert 0.5 < verdict.confidence < 1


def test_quotes_and_signatures_do_not_count() -> None:
    body = (
        "Thanks, see you Tuesday.\n\nBest,\nAlex\n\nAlex Stone | pick your brain consulting\n\n"
        "On Mon, Mar 2, 2026, Jo <jo@x.example> wrote:\n"
        "> Would love to pick your brain! 15 minutes?"
    )
    verdict = classify(msg(body), CONTEXT)
    assert not fired(verdict, "pick_your_brain")
    assert verdict.category is Category.OTHER


def test_confidence_is_lower_when_close() -> None:
    strong = classify(msg(FAMILY_EXAMPLES["pick_your_brain"] + " 15 minutes? Huge fan."), CONTEXT)
    weak = classify(msg("Quick call this week? Happy to work around you."), CONTEXT)
    assert strong.category is weak.category is Category.SALES_PITCH
    assert strong.confidence > weak.confidence
    assert weak.low_confidence


def test_without_an_owner_the_delivered_to_address_is_the_owner() -> None:
    verdict = classify(
        msg(
            "Felix, meet Morgan.",
            to="Morgan <m@x.example>, Felix <f@y.example>",
            headers={"Delivered-To": "m@x.example"},
        ),
        ClassifyContext(),
    )
    assert fired(verdict, "third_party") == ["To: Felix <f@y.example>"]


def test_empty_and_broken_messages_classify() -> None:
    for raw in (b"", b"\x00\xff garbage", b"From: <>\n\n"):
        assert classify(parse_message(raw), CONTEXT).category is Category.OTHER


PROBES = sorted(PROBE.parent.glob("probe*"))


# Probe files the classifier still gets wrong, kept as strict xfails (a fix turns them into
# XPASS failures, so the mark must then be removed) rather than dropped or faked.
RESCUED = "at first sight of its round the rules alone missed it; the word model carries it"
MISSED = "at first sight of its round both the rules and the word model missed it"
KNOWN_MISSES: dict[str, str] = {
    "probe4/blind_intro/001.eml": (
        "a mother's 'I told her you'd call him' in a reply about Easter: mail from 'Mom' is family "
        "news to the rules (round 45: a mother relaying that a neighbour gave out the address)"
    ),
    "probe14/other/004.eml": (
        "a friend's 'pick your brain' over Saturday coffee: without the owner's Sent history "
        "nothing says the sender is a friend"
    ),
    "probe16/blind_intro/007.eml": (
        "the name drop is an anecdote ('She said: \"Nadia Okonkwo. Tonight.\"'), no phrasing of one"
    ),
    "probe16/sales_pitch/007.eml": (
        "'good to meet you at the drinks; coffee Thursday?' from a placement agent: the text runs "
        "into an unmarked signature, too long for a bare ask"
    ),
    "probe19/other/015.eml": (
        "a former postdoc asks for a reference letter, 'or you'd rather not': a favour asked of "
        "the owner reads like a consent ask with an out; the word model carries it"
    ),
    "probe21/blind_intro/008.eml": "'jake from cosycorner said ur down for the pod': text-speak",
    "probe21/sales_pitch/003.eml": "a streamer's paid key deal: prices and a quick call only",
    "probe26/blind_intro/002.eml": (
        "a colleague introduces a new colleague (same domain, copied in) and promises the "
        "owner's time: a colleague's head start outweighs one offer of time"
    ),
    "probe26/sales_pitch/008.eml": (
        "a bump ('in case it got buried') whose pitch is only in the quoted earlier message, "
        "which is not scored"
    ),
    "probe27/sales_pitch/010.eml": (
        "'hey man free for a call tmrw?' from a loose contact: without history a bare ask stays "
        "`other` (it may be a friend), as the round-13 bare-ask tests decide"
    ),
    "probe28/blind_intro/005.eml": (
        "a group introduction to five people opening 'Good morning all': read as an announcement"
    ),
    "probe28/sales_pitch/006.eml": "a reader's theory and a 'good number' to call: too little",
    "probe29/blind_intro/010.eml": (
        "'Adding Ines here' into a stranger's thread: adding the owner reads as copying the owner"
    ),
    "probe29/opt_in/004.eml": (
        "a teacher asks first on a student's behalf, in words read as an introduction being made"
    ),
    "probe30/blind_intro/005.eml": (
        "a group introduction of four practice owners with no introduction phrasing we know"
    ),
    "probe30/sales_pitch/002.eml": "a lab asks to drop by for 20 minutes, 'no obligation'",
    "probe30/sales_pitch/003.eml": "a rep's topicless 'quick catch-up': one weak time ask",
    "probe30/sales_pitch/006.eml": (
        "'which practice owners in your network would you introduce us to': no phrase for it"
    ),
    "probe31/blind_intro/005.eml": (
        "a group intro of four chefs committed to a collab dinner: read as a collab pitch"
    ),
    "probe31/opt_in/009.eml": (
        "the reply that connects after the owner's 'go ahead' sits in a thread with the owner "
        "and thanks for checking, both read as ordinary"
    ),
    "probe31/sales_pitch/006.eml": "a gala's free dinner for 200 as 'exposure' plus a short call",
    "probe31/sales_pitch/009.eml": (
        "'yo chef free tmrw? 20 min call': a bare ask without history stays `other`"
    ),
    "probe32/opt_in/002.eml": (
        "a colleague asks the owner to check with a trustee first: the colleague's head start "
        "outweighs the consent ask and its out"
    ),
    "probe32/opt_in/007.eml": (
        "the introduction after both said yes, in a thread, with no agreement phrasing we know"
    ),
    "probe32/sales_pitch/001.eml": "a lobbyist's 'quick coffee, just getting to know you'",
    "probe32/sales_pitch/010.eml": "a vendor's '15 minutes of your time' and little else",
    "probe33/blind_intro/008.eml": (
        "the introduced nephew names his uncle but asks for feedback and time: the asks outweigh "
        "the name drop"
    ),
    "probe33/opt_in/010.eml": (
        "a headhunter asks permission for 'a confidential conversation' that is not about a job"
    ),
    "probe33/sales_pitch/002.eml": "'your name came up', a headhunter's discreet coffee",
    "probe25/blind_intro/010.eml": (
        "a colleague hands a vendor over with the vendor copied in: mail from the owner's own "
        "domain is kept `other` whatever it says (colleagues are `other` in CATEGORIES.md)"
    ),
    "probe23/sales_pitch/008.eml": (
        "free consulting from a company that will not buy support ('join a call ... to help us "
        "debug'): a paying customer's escalation reads the same"
    ),
    "probe21/opt_in/008.eml": (
        "an apology and a proper ask after an earlier blind pairing: 'thank you for being so' "
        "reads as ordinary thanks"
    ),
    "probe34/blind_intro/009.eml": RESCUED,
    "probe34/sales_pitch/004.eml": RESCUED,
    "probe34/sales_pitch/008.eml": RESCUED,
    "probe34/sales_pitch/009.eml": RESCUED,
    "probe35/sales_pitch/002.eml": RESCUED,
    "probe36/sales_pitch/006.eml": RESCUED,
    "probe36/other/019.eml": (
        "round 34 first sight: the rules alone call it an introduction; the word model keeps "
        "it `other`"
    ),
    "probe34/opt_in/007.eml": (
        "a colleague asks whether she may give a patient's mother the owner's address: the "
        "consent ask fires, but a colleague's head start outweighs it"
    ),
    "probe36/other/009.eml": (
        "the introduction the owner asked a friend for ('could you introduce me...?'), after "
        "her 'I'd love to': read as an opt-in's second step, labelled `other` by its author"
    ),
    "probe38/blind_intro/008.eml": (
        "written in French (a Québec grower name-drops the introducer): the phrase "
        "families are English"
    ),
    "probe38/other/012.eml": RESCUED,
    "probe38/other/020.eml": RESCUED,
    "probe39/blind_intro/002.eml": RESCUED,
    "probe39/other/002.eml": RESCUED,
    "probe39/sales_pitch/007.eml": RESCUED,
    "probe39/sales_pitch/008.eml": RESCUED,
    "probe40/blind_intro/005.eml": RESCUED,
    "probe40/blind_intro/006.eml": RESCUED,
    "probe40/opt_in/010.eml": (
        "the follow-up after the owner checked with a colleague ('Hannah tells me you're "
        "willing'), sent to the colleague with the owner copied: nothing read says the owner "
        "was asked first"
    ),
    "probe40/other/018.eml": RESCUED,
    "probe40/sales_pitch/008.eml": RESCUED,
    "probe41/opt_in/006.eml": RESCUED,
    "probe41/opt_in/007.eml": RESCUED,
    "probe41/sales_pitch/001.eml": RESCUED,
    "probe41/sales_pitch/002.eml": RESCUED,
    "probe41/sales_pitch/008.eml": RESCUED,
    "probe41/sales_pitch/010.eml": (
        "'are you free to talk tomorrow?' from someone met once at a conference: a bare "
        "ask without history stays `other`, as the round-13 bare-ask tests decide"
    ),
    "probe42/blind_intro/002.eml": RESCUED,
    "probe42/blind_intro/007.eml": RESCUED,
    "probe42/opt_in/006.eml": RESCUED,
    "probe42/sales_pitch/006.eml": RESCUED,
    "probe42/sales_pitch/007.eml": RESCUED,
    "probe43/sales_pitch/007.eml": RESCUED,
    "probe43/sales_pitch/009.eml": RESCUED,
    "probe44/blind_intro/006.eml": (
        "a niece introduces her roommate for a thesis interview: a relative's mail is "
        "not scored as an introduction"
    ),
    "probe44/opt_in/006.eml": (
        "the introduction after the owner's yes in a reply ('Thanks Frank. Looping in "
        "Luis now.'), the yes not quoted: read as an introduction in the owner's thread"
    ),
    "probe44/sales_pitch/004.eml": RESCUED,
    "probe44/sales_pitch/005.eml": RESCUED,
    "probe44/sales_pitch/009.eml": RESCUED,
    "probe45/blind_intro/003.eml": RESCUED,
    "probe45/opt_in/002.eml": RESCUED,
    "probe45/opt_in/008.eml": RESCUED,
    "probe45/sales_pitch/003.eml": RESCUED,
    "probe46/sales_pitch/006.eml": RESCUED,
    "probe47/blind_intro/008.eml": RESCUED,
    "probe47/blind_intro/010.eml": (
        "written in Swedish: the phrase families are English, and the word model, which fades "
        "out on text in another language, no longer carries it"
    ),
    "probe47/opt_in/005.eml": (
        "written in Swedish (a permission-first ask with an out): the phrase families are English"
    ),
    "probe47/sales_pitch/006.eml": RESCUED,
    "probe47/sales_pitch/007.eml": RESCUED,
    "probe47/sales_pitch/010.eml": RESCUED,
    "probe48/blind_intro/010.eml": RESCUED,
    "probe48/opt_in/003.eml": RESCUED,
    "probe48/other/011.eml": RESCUED,
    "probe48/sales_pitch/005.eml": RESCUED,
    "probe48/sales_pitch/007.eml": RESCUED,
    "probe48/sales_pitch/008.eml": RESCUED,
    "probe49/blind_intro/010.eml": (
        "a bump of an introduction ('Marwan thought we should connect'): two bump "
        "phrases outweigh the name drop"
    ),
    "probe49/opt_in/009.eml": (
        "a colleague asks the owner to check with her editor first: the consent ask "
        "fires, but a colleague's head start outweighs it"
    ),
    "probe50/sales_pitch/008.eml": RESCUED,
    "probe50/sales_pitch/009.eml": RESCUED,
    "probe51/opt_in/007.eml": RESCUED,
    "probe51/other/014.eml": RESCUED,
    "probe51/sales_pitch/005.eml": RESCUED,
    "probe51/sales_pitch/007.eml": RESCUED,
    "probe52/blind_intro/004.eml": RESCUED,
    "probe52/blind_intro/009.eml": RESCUED,
    "probe52/opt_in/005.eml": RESCUED,
    "probe52/opt_in/007.eml": RESCUED,
    "probe52/other/005.eml": (
        "a former clerk asks for a recommendation letter and mentions in a P.S. that "
        "she gave the owner's name to someone: the P.S. reads as a name drop"
    ),
    "probe52/sales_pitch/003.eml": RESCUED,
    "probe52/sales_pitch/005.eml": RESCUED,
    "probe52/sales_pitch/006.eml": (
        "a trial lawyer who found the owner on an alumni page wants free advice on his "
        "appeal: no phrase of ours for the ask"
    ),
    "probe52/sales_pitch/008.eml": RESCUED,
    "probe53/opt_in/010.eml": (
        "the introduction after the owner checked with a colleague ('thanks for "
        "checking with her'), the owner only copied: read as thanks for something the owner "
        "did"
    ),
    "probe53/sales_pitch/002.eml": RESCUED,
    "probe53/sales_pitch/005.eml": RESCUED,
    "probe53/sales_pitch/007.eml": RESCUED,
    "probe53/sales_pitch/009.eml": RESCUED,
    "probe54/blind_intro/002.eml": RESCUED,
    "probe54/blind_intro/008.eml": RESCUED,
    "probe54/other/011.eml": RESCUED,
    "probe54/sales_pitch/008.eml": RESCUED,
    "probe55/blind_intro/003.eml": RESCUED,
    "probe55/opt_in/005.eml": (
        "'here's the introduction we talked about' to the owner by name: the same "
        "words to the other person are no agreement of the owner's, and the vocative is not "
        "read"
    ),
    "probe55/other/011.eml": RESCUED,
    "probe55/sales_pitch/006.eml": RESCUED,
    "probe55/sales_pitch/007.eml": RESCUED,
    "probe56/other/002.eml": RESCUED,
    "probe56/other/010.eml": RESCUED,
    "probe56/sales_pitch/005.eml": RESCUED,
    "probe56/sales_pitch/008.eml": RESCUED,
    "probe57/blind_intro/004.eml": RESCUED,
    "probe57/blind_intro/010.eml": RESCUED,
    "probe57/opt_in/010.eml": (
        "the connector reports, the owner only copied, that the owner checked with her "
        "contact: read as a reply in the owner's thread"
    ),
    "probe58/opt_in/006.eml": RESCUED,
    "probe58/opt_in/007.eml": RESCUED,
    "probe58/sales_pitch/005.eml": RESCUED,
    "probe58/sales_pitch/006.eml": RESCUED,
    "probe58/sales_pitch/008.eml": RESCUED,
    "probe59/blind_intro/003.eml": RESCUED,
    "probe59/other/020.eml": RESCUED,
    "probe59/sales_pitch/005.eml": RESCUED,
    "probe59/sales_pitch/006.eml": RESCUED,
    "probe59/sales_pitch/007.eml": RESCUED,
    "probe59/sales_pitch/009.eml": RESCUED,
    "probe60/opt_in/007.eml": RESCUED,
    "probe60/other/017.eml": RESCUED,
    "probe60/sales_pitch/001.eml": RESCUED,
    "probe60/sales_pitch/005.eml": RESCUED,
    "probe60/sales_pitch/008.eml": RESCUED,
    "probe60/sales_pitch/010.eml": RESCUED,
    "probe61/blind_intro/010.eml": RESCUED,
    "probe61/opt_in/007.eml": RESCUED,
    "probe61/other/019.eml": RESCUED,
    "probe61/sales_pitch/003.eml": RESCUED,
    "probe61/sales_pitch/006.eml": RESCUED,
    "probe62/opt_in/008.eml": MISSED,
    "probe62/opt_in/010.eml": MISSED,
    "probe62/sales_pitch/003.eml": RESCUED,
    "probe62/sales_pitch/006.eml": RESCUED,
    "probe62/sales_pitch/009.eml": RESCUED,
    "probe63/blind_intro/005.eml": MISSED,
    "probe63/blind_intro/010.eml": MISSED,
    "probe63/opt_in/008.eml": RESCUED,
    "probe63/sales_pitch/007.eml": RESCUED,
    "probe63/sales_pitch/008.eml": RESCUED,
    "probe63/sales_pitch/009.eml": MISSED,
    "probe64/opt_in/003.eml": MISSED,
    "probe64/opt_in/007.eml": RESCUED,
    "probe64/sales_pitch/004.eml": RESCUED,
    "probe64/sales_pitch/008.eml": RESCUED,
    "probe65/blind_intro/003.eml": RESCUED,
    "probe65/blind_intro/008.eml": RESCUED,
    "probe65/opt_in/005.eml": RESCUED,
    "probe65/sales_pitch/005.eml": RESCUED,
    "probe65/sales_pitch/006.eml": RESCUED,
    "probe65/sales_pitch/010.eml": RESCUED,
    "probe66/sales_pitch/004.eml": RESCUED,
    "probe66/sales_pitch/010.eml": RESCUED,
    "probe67/sales_pitch/006.eml": RESCUED,
    "probe67/sales_pitch/010.eml": RESCUED,
    "probe68/opt_in/009.eml": MISSED,
    "probe68/sales_pitch/006.eml": RESCUED,
    "probe68/sales_pitch/007.eml": MISSED,
    "probe69/sales_pitch/009.eml": RESCUED,
    "probe70/blind_intro/003.eml": MISSED,
    "probe70/sales_pitch/003.eml": RESCUED,
    "probe70/sales_pitch/007.eml": RESCUED,
    "probe71/sales_pitch/006.eml": RESCUED,
    "probe71/sales_pitch/008.eml": MISSED,
    "probe71/sales_pitch/009.eml": MISSED,
    "probe72/opt_in/010.eml": RESCUED,
    "probe72/other/015.eml": (
        "a colleague's news that she 'mentioned your name' to an old supervisor who "
        "'says hello': read as a name drop"
    ),
    "probe72/sales_pitch/003.eml": RESCUED,
    "probe72/sales_pitch/004.eml": RESCUED,
    "probe72/sales_pitch/006.eml": RESCUED,
    "probe72/sales_pitch/007.eml": RESCUED,
    "probe72/sales_pitch/008.eml": MISSED,
    "probe72/sales_pitch/009.eml": MISSED,
    "probe73/blind_intro/002.eml": MISSED,
    "probe73/blind_intro/007.eml": RESCUED,
    "probe73/opt_in/005.eml": MISSED,
    "probe73/opt_in/007.eml": RESCUED,
    "probe73/opt_in/008.eml": RESCUED,
    "probe73/sales_pitch/003.eml": RESCUED,
    "probe73/sales_pitch/005.eml": RESCUED,
    "probe73/sales_pitch/007.eml": RESCUED,
    "probe73/sales_pitch/008.eml": RESCUED,
    "probe73/sales_pitch/009.eml": RESCUED,
    "probe75/sales_pitch/005.eml": RESCUED,
    "probe76/blind_intro/007.eml": MISSED,
    "probe77/sales_pitch/008.eml": RESCUED,
    "probe79/opt_in/008.eml": MISSED,
    "probe80/opt_in/006.eml": RESCUED,
    "probe80/sales_pitch/009.eml": MISSED,
    "probe81/opt_in/007.eml": RESCUED,
    "probe81/sales_pitch/003.eml": RESCUED,
    "probe81/sales_pitch/007.eml": RESCUED,
    "probe82/opt_in/003.eml": RESCUED,
    "probe83/blind_intro/003.eml": RESCUED,
    "probe83/blind_intro/006.eml": RESCUED,
    "probe83/blind_intro/009.eml": RESCUED,
    "probe83/sales_pitch/008.eml": RESCUED,
    "probe83/sales_pitch/009.eml": RESCUED,
    "probe84/blind_intro/002.eml": RESCUED,
    "probe84/sales_pitch/007.eml": RESCUED,
    "probe85/blind_intro/007.eml": RESCUED,
    "probe85/opt_in/010.eml": RESCUED,
    "probe85/sales_pitch/008.eml": MISSED,
    "probe86/blind_intro/006.eml": RESCUED,
    "probe86/blind_intro/008.eml": RESCUED,
    "probe86/blind_intro/010.eml": RESCUED,
    "probe86/opt_in/004.eml": MISSED,
    "probe86/opt_in/005.eml": MISSED,
    "probe86/sales_pitch/004.eml": RESCUED,
    "probe86/sales_pitch/007.eml": RESCUED,
    "probe86/sales_pitch/008.eml": MISSED,
    "probe86/sales_pitch/009.eml": RESCUED,
    "probe87/blind_intro/010.eml": MISSED,
    "probe87/opt_in/002.eml": MISSED,
    "probe87/sales_pitch/005.eml": RESCUED,
    "probe87/sales_pitch/008.eml": RESCUED,
    "probe87/sales_pitch/010.eml": RESCUED,
    "probe89/opt_in/002.eml": MISSED,
    "probe89/opt_in/004.eml": MISSED,
    "probe89/other/007.eml": RESCUED,
    "probe89/sales_pitch/001.eml": RESCUED,
    "probe89/sales_pitch/006.eml": RESCUED,
    "probe89/sales_pitch/008.eml": RESCUED,
    "probe89/sales_pitch/009.eml": RESCUED,
    "probe90/blind_intro/009.eml": RESCUED,
    "probe90/sales_pitch/001.eml": RESCUED,
    "probe91/blind_intro/009.eml": MISSED,
    "probe92/blind_intro/010.eml": MISSED,
    "probe92/sales_pitch/006.eml": RESCUED,
    "probe93/sales_pitch/003.eml": RESCUED,
    "probe94/blind_intro/008.eml": MISSED,
    "probe95/opt_in/010.eml": MISSED,
    "probe95/other/014.eml": RESCUED,
    "probe95/other/018.eml": RESCUED,
    "probe96/blind_intro/003.eml": RESCUED,
    "probe96/sales_pitch/008.eml": RESCUED,
    "probe97/sales_pitch/009.eml": RESCUED,
    "probe99/other/018.eml": RESCUED,
    "probe99/sales_pitch/005.eml": RESCUED,
    "probe99/sales_pitch/010.eml": RESCUED,
    "probe100/other/011.eml": MISSED,
    "probe100/sales_pitch/009.eml": RESCUED,
    "probe102/opt_in/004.eml": RESCUED,
    "probe103/blind_intro/003.eml": MISSED,
    "probe103/blind_intro/010.eml": MISSED,
    "probe103/opt_in/008.eml": MISSED,
    "probe103/sales_pitch/010.eml": MISSED,
    "probe104/opt_in/002.eml": RESCUED,
    "probe105/sales_pitch/010.eml": RESCUED,
    "probe106/blind_intro/010.eml": RESCUED,
    "probe106/opt_in/004.eml": MISSED,
    "probe106/opt_in/007.eml": MISSED,
    "probe106/other/012.eml": RESCUED,
    "probe106/sales_pitch/007.eml": MISSED,
    "probe106/sales_pitch/009.eml": RESCUED,
    "probe107/sales_pitch/003.eml": RESCUED,
    "probe108/blind_intro/004.eml": MISSED,
    "probe108/opt_in/009.eml": MISSED,
    "probe108/sales_pitch/004.eml": MISSED,
    "probe108/sales_pitch/005.eml": MISSED,
    "probe108/sales_pitch/008.eml": MISSED,
    "probe109/sales_pitch/009.eml": MISSED,
    "probe110/blind_intro/007.eml": MISSED,
    "probe110/other/009.eml": RESCUED,
    "probe112/sales_pitch/005.eml": MISSED,
    "probe113/blind_intro/008.eml": RESCUED,
    "probe113/opt_in/010.eml": RESCUED,
    "probe113/sales_pitch/003.eml": RESCUED,
    "probe113/sales_pitch/004.eml": RESCUED,
    "probe113/sales_pitch/005.eml": RESCUED,
    "probe113/sales_pitch/006.eml": MISSED,
    "probe114/blind_intro/008.eml": RESCUED,
    "probe114/opt_in/004.eml": RESCUED,
    "probe114/other/003.eml": MISSED,
    "probe116/blind_intro/009.eml": RESCUED,
    "probe116/blind_intro/010.eml": MISSED,
    "probe116/opt_in/003.eml": RESCUED,
    "probe116/other/019.eml": RESCUED,
    "probe116/sales_pitch/010.eml": RESCUED,
    "probe117/blind_intro/008.eml": RESCUED,
    "probe117/sales_pitch/001.eml": RESCUED,
    "probe119/other/006.eml": MISSED,
    "probe120/blind_intro/010.eml": RESCUED,
    "probe120/other/004.eml": RESCUED,
    "probe120/sales_pitch/010.eml": RESCUED,
    "probe121/blind_intro/008.eml": RESCUED,
    "probe121/other/019.eml": MISSED,
    "probe121/sales_pitch/002.eml": RESCUED,
    "probe121/sales_pitch/005.eml": MISSED,
    "probe121/sales_pitch/007.eml": RESCUED,
    "probe122/blind_intro/009.eml": MISSED,
    "probe123/other/014.eml": RESCUED,
    "probe123/other/015.eml": RESCUED,
    "probe123/sales_pitch/010.eml": RESCUED,
    "probe125/other/003.eml": MISSED,
    "probe125/other/006.eml": RESCUED,
    "probe125/other/015.eml": MISSED,
    "probe125/other/018.eml": MISSED,
    "probe125/sales_pitch/005.eml": RESCUED,
    "probe125/sales_pitch/008.eml": MISSED,
    "probe125/sales_pitch/009.eml": RESCUED,
    "probe126/sales_pitch/001.eml": RESCUED,
    "probe124/sales_pitch/005.eml": RESCUED,
    "probe130/blind_intro/006.eml": MISSED,
    "probe130/other/016.eml": MISSED,
    "probe131/other/019.eml": MISSED,
}


WORD_MODEL_MISSES = frozenset(
    {
        "probe4/blind_intro/001.eml",
        "probe16/blind_intro/007.eml",
        "probe21/blind_intro/008.eml",
        "probe21/opt_in/008.eml",
        "probe21/sales_pitch/003.eml",
        "probe23/sales_pitch/008.eml",
        "probe27/sales_pitch/010.eml",
        "probe28/blind_intro/005.eml",
        "probe28/sales_pitch/006.eml",
        "probe29/blind_intro/010.eml",
        "probe30/sales_pitch/002.eml",
        "probe30/sales_pitch/006.eml",
        "probe31/opt_in/009.eml",
        "probe31/sales_pitch/009.eml",
        "probe32/opt_in/007.eml",
        "probe33/blind_intro/008.eml",
        "probe33/opt_in/010.eml",
        "probe34/opt_in/007.eml",
        "probe36/other/009.eml",
        "probe38/blind_intro/008.eml",
        "probe38/other/020.eml",
        "probe40/opt_in/010.eml",
        "probe41/sales_pitch/010.eml",
        "probe44/opt_in/006.eml",
        "probe47/blind_intro/010.eml",
        "probe47/opt_in/005.eml",
        "probe47/sales_pitch/007.eml",
        "probe49/blind_intro/010.eml",
        "probe49/opt_in/009.eml",
        "probe52/sales_pitch/006.eml",
        "probe52/sales_pitch/008.eml",
        "probe53/opt_in/010.eml",
        "probe55/opt_in/005.eml",
        "probe55/sales_pitch/006.eml",
        "probe55/sales_pitch/007.eml",
        "probe56/sales_pitch/008.eml",
        "probe57/opt_in/010.eml",
        "probe58/opt_in/006.eml",
        "probe58/sales_pitch/005.eml",
        "probe59/blind_intro/003.eml",
        "probe59/sales_pitch/009.eml",
        "probe60/sales_pitch/008.eml",
        "probe61/blind_intro/010.eml",
        "probe62/opt_in/008.eml",
        "probe62/opt_in/010.eml",
        "probe63/blind_intro/005.eml",
        "probe63/blind_intro/010.eml",
        "probe63/sales_pitch/009.eml",
        "probe64/opt_in/003.eml",
        "probe68/opt_in/009.eml",
        "probe68/sales_pitch/007.eml",
        "probe70/blind_intro/003.eml",
        "probe71/sales_pitch/008.eml",
        "probe71/sales_pitch/009.eml",
        "probe72/other/015.eml",
        "probe72/sales_pitch/008.eml",
        "probe72/sales_pitch/009.eml",
        "probe73/blind_intro/002.eml",
        "probe73/opt_in/005.eml",
        "probe79/opt_in/008.eml",
        "probe85/sales_pitch/008.eml",
        "probe86/opt_in/004.eml",
        "probe86/opt_in/005.eml",
        "probe86/sales_pitch/008.eml",
        "probe87/blind_intro/010.eml",
        "probe87/opt_in/002.eml",
        "probe89/opt_in/002.eml",
        "probe89/opt_in/004.eml",
        "probe91/blind_intro/009.eml",
        "probe94/blind_intro/008.eml",
        "probe95/opt_in/010.eml",
        "probe100/other/011.eml",
        "probe103/blind_intro/003.eml",
        "probe103/blind_intro/010.eml",
        "probe103/opt_in/008.eml",
        "probe103/sales_pitch/010.eml",
        "probe106/opt_in/004.eml",
        "probe106/opt_in/007.eml",
        "probe106/sales_pitch/007.eml",
        "probe108/blind_intro/004.eml",
        "probe108/opt_in/009.eml",
        "probe108/sales_pitch/004.eml",
        "probe108/sales_pitch/005.eml",
        "probe108/sales_pitch/008.eml",
        "probe109/sales_pitch/009.eml",
        "probe110/blind_intro/007.eml",
        "probe112/sales_pitch/005.eml",
        "probe113/sales_pitch/006.eml",
        "probe114/other/003.eml",
        "probe121/other/019.eml",
        "probe122/blind_intro/009.eml",
        "probe125/other/003.eml",
        "probe125/other/015.eml",
        "probe125/other/018.eml",
        "probe125/sales_pitch/008.eml",
        "probe130/blind_intro/006.eml",
        "probe130/other/016.eml",
        "probe131/other/019.eml",
    }
)
"""The known misses the shipped classifier (rules and word model) still gets wrong.

The word model was trained on these corpora, so what it rescues here proves little about new
mail (the first-sight figures in each README do); the rules-alone run keeps the rules honest.
"""


def _probe_param(path: Path, word_model: bool) -> object:
    key = f"{path.parents[1].name}/{path.parent.name}/{path.name}"
    missed = key in WORD_MODEL_MISSES if word_model else key in KNOWN_MISSES
    reason = KNOWN_MISSES.get(key, "missed with the word model")
    if word_model and reason == RESCUED:
        reason = "no rule finds an ask in it, and alone the word model only argues for other"
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if missed else []
    mode = "both" if word_model else "rules"
    return pytest.param(path, word_model, id=f"{mode}:{key}", marks=marks)


@pytest.mark.parametrize(
    ("path", "word_model"),
    [
        _probe_param(p, word_model)
        for word_model in (False, True)
        for corpus in PROBES
        for p in sorted(corpus.rglob("*.eml"))
    ],
)
def test_probe_corpus(path: Path, word_model: bool) -> None:
    owner, name = corpus_owner(path.parents[1])
    context = replace(ClassifyContext.for_owner(owner, name=name), text_model=word_model)
    assert classify(parse_message(path.read_bytes()), context).category.value == path.parent.name


def test_word_model_misses_are_known_misses() -> None:
    assert set(KNOWN_MISSES) >= WORD_MODEL_MISSES


# --- round 10/11: clauses, copies, prices and terse asks ---------------------------------------


def test_a_hypothetical_or_denied_hand_over_is_not_a_name_drop() -> None:
    done = classify(msg("Priya gave me your email and said to write."), CONTEXT)
    assert fired(done, "name_drop")
    for text in (
        "Would it be alright if I passed on your email? No pressure.",
        "I haven't mentioned your name to him yet.",
    ):
        verdict = classify(msg(text), CONTEXT)
        assert not fired(verdict, "name_drop"), text
        assert not fired(verdict, "offered_time"), text


def test_consent_before_passing_details_and_nothing_done_yet() -> None:
    verdict = classify(
        msg(
            "My cousin would love advice. Would it be alright if I passed on your email? "
            "I haven't said anything to her yet."
        ),
        CONTEXT,
    )
    assert fired(verdict, "consent_ask") == ["Would it be alright if I passed on your"]
    assert fired(verdict, "easy_out") == ["haven't said anything to her yet"]
    assert verdict.category is Category.OPT_IN
    plans = classify(msg("Would it be alright if I brought my sister on Friday?"), CONTEXT)
    assert not fired(plans, "consent_ask")
    assert plans.category is Category.OTHER


def test_present_tense_name_drop_and_promised_help() -> None:
    verdict = classify(
        msg("My manager tell me to write you, he say you can help our company."), CONTEXT
    )
    assert fired(verdict, "name_drop") == ["tell me to write you"]
    assert fired(verdict, "offered_time") == ["he say you can help our"]
    assert verdict.category is Category.BLIND_INTRO
    chores = classify(msg("He says you can help him find the valve on Tuesday."), CONTEXT)
    assert not fired(chores, "offered_time")


def test_copying_in_the_owner_is_not_an_introduction() -> None:
    to_colleague = msg(
        "Hi Tess, thanks for the demo. Cc'ing Morgan so she sees the order.",
        to="Tess <tess@leestudio.example>",
        cc=OWNER,
    )
    verdict = classify(to_colleague, CONTEXT)
    assert not fired(verdict, "intro_phrase")
    assert fired(verdict, "to_your_colleague") == [
        "To: Tess <tess@leestudio.example> (your colleague)"
    ]
    assert verdict.category is Category.OTHER
    third = classify(msg("Morgan, copying Felix here.", cc="Felix <felix@tally.example>"), CONTEXT)
    assert fired(third, "intro_phrase") == ["copying Felix"]


def test_price_list_is_commerce_not_an_ask() -> None:
    verdict = classify(
        msg("Developers for $2,500/month, a team of 10 for $25,000, support at $18 per hour."),
        CONTEXT,
    )
    assert fired(verdict, "price_list") == ["3 amounts of money ($18, $2,500, $25,000)"]
    assert not fired(classify(msg("The fee is $1,950."), CONTEXT), "price_list")


def test_terse_question_without_a_subject_asks_for_time() -> None:
    verdict = classify(msg("Building a freight app. Free for a call Tue?"), CONTEXT)
    assert fired(verdict, "time_question") == ["Free for a call Tue?"]
    assert not fired(verdict, "consent_question")  # "Tue" is a day, not a person
    assert fired(verdict, "time_ask") == [". Free for a call"]


def test_a_phrase_inside_a_longer_one_counts_once() -> None:
    verdict = classify(msg("Quick call?", subject="could we have a quick call"), CONTEXT)
    assert len(fired(verdict, "time_ask")) == 1


@pytest.mark.parametrize(
    ("sentence", "signal"),
    [
        ("Doing a double-click intro without asking you first.", "intro_phrase"),
        ("He needs 30 min of your wisdom on procurement.", "offered_time"),
        ("I'm sure he'll make time for you.", "offered_time"),
        ("Lucia has recommended me to contact with you.", "name_drop"),
        ("She say you are the expert in adaptive learning.", "name_drop"),
        ("We help ed-tech startups book 30 qualified demos a month.", "self_intro"),
        ("Thanks. Noticed Acme is hiring this quarter.", "cold_opener"),
        ("Would you be willing for me to share your email with him?", "consent_ask"),
        ("Is that something you'd want?", "consent_ask"),
        ("If not, I'll simply not mention you.", "easy_out"),
        ("We are leading manufacturer of pipette tips.", "self_intro"),
        ("It cuts setup time by 40% for teams your size.", "sales_terms"),
        ("Please forgive the unsolicited approach.", "cold_opener"),
        ("Might you spare some time over Zoom?", "time_ask"),
        ("Can I grab 15 min of your time this week?", "time_ask"),
    ],
)
def test_round_eleven_phrasings(sentence: str, signal: str) -> None:
    assert fired(classify(msg(sentence), CONTEXT), signal), sentence


def test_a_context_pickles_for_the_parse_workers_read_only_views_included() -> None:
    learned = Learned(senders=MappingProxyType({"a@b.example": {Category.OTHER: 1.5}}))
    context = replace(CONTEXT, learned=learned)
    copy = pickle.loads(pickle.dumps(context))
    assert copy == context
    assert copy.learned.senders["a@b.example"][Category.OTHER] == 1.5
    assert pickle.loads(pickle.dumps(CONTEXT)).learned == Learned()


def test_a_colleague_of_the_senders_copied_in_opens_no_gate_for_the_word_model() -> None:
    from triage.core.classify import asked
    from triage.core.verdict import Reason

    blind = Category.BLIND_INTRO
    colleague = Reason("third_party", blind, 0.5, "Cc: ana@stonecraft.example")
    outsider = Reason("third_party", blind, 1.0, "Cc: ana@ruiz.example")
    minutes = Reason("time_amount", Category.SALES_PITCH, 0.5, "15 minutes")
    assert not asked([colleague])
    assert asked([outsider])
    assert asked([colleague, minutes])
    body = "Morgan, Mr. Berg asked me to send you some of the figures for Monday. Attached."
    verdict = classify(msg(body, cc="Ana Stone <ana@stonecraft.example>"), CONTEXT)
    assert [r.weight for r in verdict.reasons if r.signal == "third_party"] == [0.5]
    assert all(r.category is Category.OTHER for r in verdict.reasons if r.signal == "text_model")
    assert verdict.category is Category.OTHER


def test_a_re_without_reply_headers_opens_no_gate_for_the_word_model() -> None:
    from triage.core.classify import asked
    from triage.core.verdict import Reason

    fake = Reason("fake_reply", Category.SALES_PITCH, 0.5, "Subject: Re: Team Performance")
    minutes = Reason("time_amount", Category.SALES_PITCH, 0.5, "15 minutes")
    assert not asked([fake])
    assert asked([fake, minutes])
    body = "Scott, Mr. Skilling will be out of the office on Monday. Best wishes for the meeting."
    verdict = classify(msg(body, subject="Re: Team Performance"), CONTEXT)
    pitch = [r.signal for r in verdict.reasons if r.category is Category.SALES_PITCH]
    assert pitch == ["fake_reply"]
    # The word model is not even read: with the gate shut it could only push towards other.
    assert not any(r.signal == "text_model" for r in verdict.reasons)
    assert verdict.category is Category.OTHER
