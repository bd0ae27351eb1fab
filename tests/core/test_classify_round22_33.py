"""core.classify: what probes 22 to 33 missed, each with messages written here."""

from __future__ import annotations

from tests.support.verdicts import fired, written
from triage.core.categories import Category
from triage.core.classify import ClassifyContext, classify
from triage.core.message import Message

OWNER = "Lena Brandt <lena@brandtarch.example>"
STRANGER = "Kai Moreau <kai@moreau-systems.example>"
CONTEXT = ClassifyContext.for_owner(["lena@brandtarch.example"])
"""No configured name: the owner's name comes from the To header, as with `--me ADDRESS`."""


def msg(
    body: str,
    *,
    subject: str = "Hello",
    sender: str = STRANGER,
    to: str = OWNER,
    cc: str = "",
    headers: dict[str, str] | None = None,
) -> Message:
    """A message we write here, as bytes through the real parser."""
    return written(body, sender=sender, to=to, cc=cc, subject=subject, headers=headers)


def test_a_newsletter_quoting_the_asks_it_warns_against_stays_other() -> None:
    body = (
        'THE WEEKLY DESK\n\nStop asking to "pick my brain"\n\nEveryone you admire gets mail '
        'saying "would love to grab 15 minutes" or "quick call?" with no topic. "Could I ask '
        'you two questions about pricing?" beats "can we chat?" every time.\n\nUnsubscribe: '
        "https://desk.example/u"
    )
    list_headers = {"List-Id": "The Desk <weekly.desk.example>", "List-Unsubscribe": "<x>"}
    verdict = classify(msg(body, headers=list_headers), CONTEXT)
    assert not fired(verdict, "pick_your_brain")
    assert not fired(verdict, "time_ask")
    assert [r.weight for r in verdict.reasons if r.signal == "bulk_mail"] == [3.0]
    assert verdict.category is Category.OTHER


def test_an_ask_in_the_writers_own_words_still_counts_beside_a_quote() -> None:
    body = 'My mentor says "never be shy". So: could I pick your brain about pricing?'
    assert fired(classify(msg(body), CONTEXT), "pick_your_brain")


def test_a_mail_merge_cold_mail_keeps_little_of_its_unsubscribe_line() -> None:
    body = (
        "Hi Lena,\n\nTeams the size of Brandt usually overspend on render hours.\n\n"
        "Worth 15 min on Thursday to see if that's true for you?\n\nKai\n"
        "Don't want to hear from me? https://u.example/1"
    )
    verdict = classify(msg(body, headers={"List-Unsubscribe": "<https://u.example/1>"}), CONTEXT)
    assert [r.weight for r in verdict.reasons if r.signal == "bulk_mail"] == [1.0]
    assert fired(verdict, "sales_terms") == ["Teams the size of B"]
    assert verdict.category is Category.SALES_PITCH
    # The same line under mail to many people is a bulk sender's.
    crowd = classify(
        msg(body, to=f"{OWNER}, Ann <ann@x.example>", headers={"List-Unsubscribe": "<u>"}),
        CONTEXT,
    )
    assert [r.weight for r in crowd.reasons if r.signal == "bulk_mail"] == [2.0]


def test_a_relatives_you_should_meet_him_is_family_chat() -> None:
    body = (
        "Lieverd,\n\nPapa's knee is better. Gerda's son Thijs is an architect too, you should "
        "meet him some time. Sunday lunch is at one.\n\nMama"
    )
    verdict = classify(
        msg(body, sender="Ineke Brandt <ineke@home.example>", cc="Dan <dan@post.example>"),
        CONTEXT,
    )
    assert any(r.signal == "family" and r.category is Category.BLIND_INTRO for r in verdict.reasons)
    assert verdict.category is Category.OTHER


def test_thanks_for_asking_someone_on_our_behalf_is_solicited() -> None:
    body = (
        "Hi Lena,\n\nThank you so much for asking Wouter on our behalf. We met yesterday and "
        "he mentioned your name more than once.\n\nPeter"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "solicited") == ["Thank you so much for asking Wouter on our behalf"]
    assert verdict.category is Category.OTHER


def test_asking_the_owner_to_check_with_a_contact_first_is_an_opt_in() -> None:
    body = (
        "Dear Lena,\n\nWould you feel comfortable asking Kees whether he'd be open to a "
        "90-minute session with our group? If he's not keen, please don't feel any "
        "obligation, and I won't approach him directly without hearing from you.\n\nSarah"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Would you feel comfortable asking Kees whether he"]
    assert set(fired(verdict, "easy_out")) == {
        "don't feel any obligation",
        "I won't approach him directly without",
    }
    assert verdict.category is Category.OPT_IN


def test_before_giving_your_name_i_ask_if_it_is_ok() -> None:
    body = (
        "Dear Lena,\n\nBefore I give your name to anyone I want to ask you if it is ok. A "
        "professor asked me for someone to show students a housing project.\n\nGiulia"
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "consent_ask")) == {"Before I give", "ask you if it is ok"}
    assert verdict.category is Category.OPT_IN


def test_plus_cc_and_over_to_you_introduce_someone_inside_a_thread() -> None:
    body = (
        "+cc Bartek Nowicki\n\nBartek, this is the Lena I told you about. Lena, his team is "
        "moving to our library. I said you'd be glad to spend half an hour with them. "
        "Bartek, over to you!\n\nOwen"
    )
    verdict = classify(
        msg(
            body,
            subject="Re: meetup recording",
            cc="Bartek Nowicki <bartek@tallyho.example>",
            headers={"In-Reply-To": "<a1@brandtarch.example>"},
        ),
        CONTEXT,
    )
    assert fired(verdict, "cc_mention") == ["+cc Bartek"]
    assert fired(verdict, "handoff") == ["Bartek, over to you"]
    assert fired(verdict, "introduced_in_thread")
    assert verdict.category is Category.BLIND_INTRO


def test_the_owners_yes_to_a_time_slot_is_no_yes_to_an_introduction() -> None:
    body = (
        "Brilliant, thanks for the bio. I'm bringing Kasper (cc'd) into this thread: I've told "
        "him you'd be up for half an hour with him at the dinner. Kasper, over to you :)\n\n"
        "On Mon, 7 Oct 2024 at 16:02, Lena Brandt <lena@brandtarch.example> wrote:\n"
        "> Hi Olivia,\n> Attached a bio. The 11:30 slot is fine, and yes I'll stay for the "
        "afternoon session.\n"
    )
    verdict = classify(
        msg(
            body,
            subject="Re: panel",
            cc="Kasper Lund <kasper@lumen.example>",
            headers={"In-Reply-To": "<b2@brandtarch.example>"},
        ),
        CONTEXT,
    )
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.BLIND_INTRO


def test_a_lowercase_name_drop_with_just_in_between() -> None:
    body = (
        "hey lena - chris from the demo day said i should just email you direct. free thurs "
        "for coffee?\n\ntess"
    )
    verdict = classify(msg(body, subject="hi"), CONTEXT)
    assert fired(verdict, "name_drop") == ["said i should just email you"]
    assert verdict.category is Category.BLIND_INTRO


def test_a_confidential_conversation_is_a_recruiters_ask_not_an_opt_in() -> None:
    body = (
        "Dear Lena,\n\nI lead the design practice search for a client. Would you be open to a "
        "confidential 20-minute conversation this week? If the timing isn't right, I "
        "understand.\n\nKai"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "recruiting") == ["a confidential 20-minute conversation"]
    assert fired(verdict, "recruiter_consent")
    assert verdict.category is Category.SALES_PITCH


def test_asking_for_a_retweet_or_a_landing_page_quote_is_a_reach_ask() -> None:
    body = (
        "Hi Lena!\n\nWe shipped native support for your format today. Would you give the "
        "launch a little boost? And a one-line quote for our landing page would be amazing."
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "reach_ask")) == {
        "give the launch a little boost",
        "quote for our landing page",
    }
    assert verdict.category is Category.SALES_PITCH


# --- probes 24 and 25 ----------------------------------------------------------------------


def test_also_ccd_and_promising_the_owners_call_inside_a_thread_is_a_blind_intro() -> None:
    body = (
        "Hi Lena,\n\nAttached is the revised budget. I've also cc'd Dana Fujimoto, our partner "
        "at Brightline. Dana will give you a call Thursday - I gave her your office number.\n\n"
        "Marcus\n\nOn Mon, Oct 6, 2025 at 10:12 AM Lena Brandt <lena@brandtarch.example> wrote:\n"
        "> Could you break out the clinic expenses?\n"
    )
    verdict = classify(
        msg(
            body,
            subject="Re: Q3 report",
            cc="Dana Fujimoto <dana@brightline.example>",
            headers={"In-Reply-To": "<q3@brandtarch.example>"},
        ),
        CONTEXT,
    )
    assert fired(verdict, "cc_mention") == ["I've also cc'd Dana"]
    assert verdict.category is Category.BLIND_INTRO


def test_told_them_you_are_open_to_hearing_from_them_offers_the_owners_time() -> None:
    body = "Renata, I've told them you're open to hearing from them. Take it from here!"
    assert fired(classify(msg(body), CONTEXT), "offered_time") == ["told them you're open to"]


def test_heres_my_calendar_is_a_booking_link_not_business_as_usual() -> None:
    body = (
        "Hi Lena -\n\nI help program officers turn buzzwords into results. Rather than go back "
        "and forth, here's my calendar: https://calendly.example/aaron/15min\n\nAaron"
    )
    verdict = classify(msg(body), CONTEXT)
    assert not fired(verdict, "business_as_usual")
    assert fired(verdict, "self_intro") == ["I help program officers"]
    assert verdict.category is Category.SALES_PITCH
    assert fired(classify(msg("Here's the agenda for Monday."), CONTEXT), "business_as_usual")


def test_open_to_be_introduced_in_a_learners_english_is_a_consent_ask() -> None:
    body = (
        "Dear Lena,\n\nI would like to ask if you are open to be introduced to my colleague "
        "Jonas. If you have no time, please just tell me and I will not give him your contact."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["ask if you are open to be introduced"]
    assert fired(verdict, "easy_out") == ["I will not give"]
    assert verdict.category is Category.OPT_IN


def test_a_german_ask_first_is_a_consent_ask_with_an_out() -> None:
    body = (
        "Hi Lena,\n\nkurze Frage vorab, bevor ich irgendwas mache: ein Freund würde dich gern "
        "eine halbe Stunde sprechen. Hättest du Lust auf ein Intro? Wenn's nicht passt, einfach "
        '"nein" schreiben, ist völlig okay.\n\nMarkus'
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "consent_ask")) == {
        "bevor ich irgendwas mache",
        "Hättest du Lust auf ein Intro",
    }
    assert fired(verdict, "easy_out") == ["ist völlig okay"]
    assert verdict.category is Category.OPT_IN


# --- probes 26 and 27 ----------------------------------------------------------------------


def test_a_colleague_can_introduce_an_outsider_but_does_not_pitch() -> None:
    colleague = "Simon Achebe <simon@brandtarch.example>"
    intro = (
        "Lena, this investor asked me about tumour models. I told Marcus you're the best "
        "person to talk to and copied him here, you two can take it from there."
    )
    verdict = classify(
        msg(intro, sender=colleague, cc="Marcus Lind <marcus@northlight.example>"), CONTEXT
    )
    assert [r.weight for r in verdict.reasons if r.signal == "same_domain"] == [2.0]
    assert verdict.category is Category.BLIND_INTRO
    ask = classify(
        msg("Quick call at 3? 15 minutes on the board docket.", sender=colleague), CONTEXT
    )
    assert fired(ask, "colleague_ask")
    assert ask.category is Category.OTHER


def test_pitches_in_a_reps_and_a_pr_agencys_words() -> None:
    rep = (
        "Dear Dr Brandt,\n\nMy name is Bradley and I'm the Medical Science Liaison for "
        "Veridian. I'd appreciate the opportunity to meet for 20 minutes to share the results."
    )
    verdict = classify(msg(rep), CONTEXT)
    assert fired(verdict, "self_intro") == ["My name is Bradley and I'm the"]
    assert fired(verdict, "time_ask") == ["appreciate the opportunity to meet"]
    assert verdict.category is Category.SALES_PITCH
    agency = (
        "Dear Lena,\n\nI lead the fintech practice at Brightside PR. I'd welcome the chance "
        "to share a few ideas over a brief chat."
    )
    assert fired(classify(msg(agency), CONTEXT), "self_intro") == ["I lead the fintech practice at"]


def test_a_founders_unasked_angel_ask() -> None:
    body = (
        "Lena!!\n\nJake here, founder of Stackd. We're closing our pre-seed next Friday and "
        "I've kept a small allocation for operators I'd want on the cap table. Tickets from "
        "£10k. Would you be up for coming in?\n\nJake"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "self_intro") == ["Jake here, founder"]
    assert "kept a small allocation" in fired(verdict, "sales_terms")
    assert verdict.category is Category.SALES_PITCH


def test_reach_asks_to_pass_a_flyer_to_colleagues_and_anyone_in_your_network() -> None:
    body = (
        "Dear Dr Brandt,\n\nWe would be grateful if you could share the attached study flyer "
        "with your colleagues and forward this email to anyone in your network."
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "reach_ask")) == {
        "share the attached study flyer with your colleagues",
        "forward this email to anyone",
    }


def test_booking_words_without_a_known_calendar_host() -> None:
    body = "Thought it'd be worth showing you in 15 mins - here's my calendar, grab whatever suits"
    assert fired(classify(msg(body), CONTEXT), "calendar_link") == ["here's my calendar"]


def test_group_and_hand_over_intros_in_other_words() -> None:
    group = "I'm writing to introduce a few people who I think should know each other."
    assert set(fired(classify(msg(group), CONTEXT), "intro_phrase")) == {
        "introduce a few people",
        "should know each other",
    }
    formal = (
        "I permit myself to put you in contact with my colleague Hiroshi. Hiroshi, Lena is "
        "the oncologist I told you about. I leave you to organise between you."
    )
    verdict = classify(msg(formal, cc="Hiroshi Tanabe <h.tanabe@ferrara.example>"), CONTEXT)
    assert set(fired(verdict, "intro_phrase")) == {
        "put you in contact with",
        "is the oncologist I told you about",
    }
    assert fired(verdict, "handoff") == ["I leave you to organise"]
    assert verdict.category is Category.BLIND_INTRO


def test_a_phone_note_that_gave_out_the_owners_mobile() -> None:
    body = "gave your mobile to leon from quaystone, he'll ring u tmrw. hope thats ok!!"
    verdict = classify(msg(body, subject="leon"), CONTEXT)
    assert fired(verdict, "offered_time") == ["gave your mobile to"]
    assert verdict.category is Category.BLIND_INTRO


def test_asking_first_in_a_lawyers_and_a_learners_words() -> None:
    lawyer = (
        "Before sharing your name or contact details, I wanted to ask whether you would be "
        "comfortable with a one-hour, non-confidential conversation. Please do not feel any "
        "obligation."
    )
    verdict = classify(msg(lawyer), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Before sharing your name"]
    assert not fired(verdict, "recruiting")  # non-confidential
    assert verdict.category is Category.OPT_IN
    learner = "Would it be ok for you if I introduce my colleague Jonas? No problem if not."
    assert fired(classify(msg(learner), CONTEXT), "consent_ask") == [
        "Would it be ok for you if I introduce"
    ]


# --- probes 28 and 29 ----------------------------------------------------------------------


def test_a_newsletters_list_of_quoted_asks_is_no_ask_but_reported_speech_is() -> None:
    listed = (
        "THE WORKING CREATIVE\n\nReaders sent us their favourites:\n\n"
        '  "Could I pick your brain over coffee?"\n  "My friend said you\'d be happy to help me '
        'out."\n\nOur advice: reply with your rate card.'
    )
    verdict = classify(msg(listed), CONTEXT)
    assert not fired(verdict, "offered_time")
    assert verdict.category is Category.OTHER
    reported = "Lena, I told him \"you'd be happy to help\" and cc'd him here."
    assert fired(classify(msg(reported), CONTEXT), "offered_time")


def test_a_colleagues_agreed_intro_is_an_opt_in() -> None:
    body = (
        "As discussed, Lena, meet Diane Colfax of the Colfax Foundation; Diane, Lena is the "
        "economist I mentioned.\n\nOn Mon, Lena Brandt <lena@brandtarch.example> wrote:\n"
        "> Yes, happy to talk to her.\n"
    )
    verdict = classify(
        msg(
            body,
            sender="Rei Tanaka <rtanaka@brandtarch.example>",
            to=f"{OWNER}, Diane Colfax <diane@colfax.example>",
            headers={"In-Reply-To": "<c1@brandtarch.example>"},
        ),
        CONTEXT,
    )
    assert fired(verdict, "agreed_promise") == ["As discussed"]
    assert any(
        r.signal == "agreed_in_thread" and "own domain" in r.evidence for r in verdict.reasons
    )
    assert verdict.category is Category.OPT_IN


def test_exposure_collabs_guest_fees_and_reserved_slots_are_pitches() -> None:
    collab = "We'd love to do a collab! We'd repost it to our 8k followers, amazing exposure."
    verdict = classify(msg(collab), CONTEXT)
    assert fired(verdict, "pay_to_play") == ["amazing exposure"]
    assert verdict.category is Category.SALES_PITCH
    podcast = (
        "Our producers have selected you as a potential guest. A guest investment of EUR 290 "
        "applies. Reserve your recording slot here: https://rebels.example/book"
    )
    verdict = classify(msg(podcast), CONTEXT)
    assert fired(verdict, "cold_opener") == ["selected you as"]
    assert fired(verdict, "calendar_link") == ["Reserve your recording slot"]
    assert verdict.category is Category.SALES_PITCH


def test_share_it_in_your_stories_and_told_me_i_must_write_to_you() -> None:
    assert fired(classify(msg("Could you share it in your stories?"), CONTEXT), "reach_ask")
    body = "Professor Duarte tell me that I must write to you because you are the best."
    assert fired(classify(msg(body), CONTEXT), "name_drop") == ["tell me that I must write to you"]


# --- probes 30 and 31 ----------------------------------------------------------------------


def test_a_volunteers_confirmation_quoting_her_yes_is_no_agreed_intro() -> None:
    body = (
        "Thanks Lena, I've put you down to chair the 11:00 session.\n\nOn Mon, Lena Brandt "
        "<lena@brandtarch.example> wrote:\n> Happy to chair a session if that helps.\n"
    )
    verdict = classify(
        msg(body, subject="Re: chairs", headers={"In-Reply-To": "<v1@brandtarch.example>"}),
        CONTEXT,
    )
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.OTHER


def test_details_passed_on_in_a_phone_note() -> None:
    assert fired(
        classify(msg("fyi gave your cell to Kim Sato. she'll ring you this wk"), CONTEXT),
        "offered_time",
    ) == ["fyi gave your cell to"]
    verdict = classify(msg("Gary at the lab passed me your mobile. I'll ring Thursday."), CONTEXT)
    assert fired(verdict, "name_drop") == ["passed me your mobile"]


def test_asking_first_in_an_agents_and_a_friends_words() -> None:
    agent = (
        "A producer asked whether you'd be willing to be interviewed. I haven't given her your "
        "contact info. If you'd like to do it, I'll make the introduction."
    )
    assert set(fired(classify(msg(agent), CONTEXT), "consent_ask")) == {
        "I haven't given her your",
        "If you'd like to do it, I'll make the introduction",
    }
    friend = "Would you be open to me introducing her? If you're full, just say so."
    assert "open to me introducing" in fired(classify(msg(friend), CONTEXT), "consent_ask")
    checking = "Would you mind asking him if he's open to a chat?"
    assert fired(classify(msg(checking), CONTEXT), "consent_ask") == [
        "Would you mind asking him if he"
    ]


def test_hearing_your_honest_thoughts_and_a_quote_from_you() -> None:
    body = (
        "We'd love to spend a half hour hearing your honest thoughts, and feature a quote from "
        "you on our launch materials."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "feedback_pretext") == ["hearing your honest thoughts"]
    assert fired(verdict, "reach_ask") == ["quote from you on our launch"]


# --- probes 32 and 33 ----------------------------------------------------------------------


def test_thank_you_for_your_time_as_a_sign_off_is_no_solicited_mail() -> None:
    body = (
        "Dear Lena,\n\nI'm a second-year student. Could I buy you a coffee sometime and pick "
        "your brain about your career?\n\nThank you for your time.\nAmy"
    )
    verdict = classify(msg(body), CONTEXT)
    assert not fired(verdict, "solicited")
    assert verdict.category is Category.SALES_PITCH
    after = "Thank you for your time on the call yesterday; notes attached."
    assert fired(classify(msg(after), CONTEXT), "solicited")


def test_taking_the_liberty_of_suggesting_introduces() -> None:
    body = "Lena, I have taken the liberty of suggesting that Chloe meets you for a mentoring chat."
    verdict = classify(msg(body, to=f"{OWNER}, Chloe Ang <chloe@u.example>"), CONTEXT)
    assert fired(verdict, "intro_phrase") == ["taken the liberty of suggesting"]
    assert verdict.category is Category.BLIND_INTRO


def test_fifteen_minutes_before_the_board_is_shared_work() -> None:
    body = "Maeve, could I grab 15 minutes with you before the board meeting on Thursday?"
    verdict = classify(msg(body, sender="Alan Reid <alan@trustees.example>"), CONTEXT)
    assert fired(verdict, "business_as_usual") == ["before the board meeting"]
    assert verdict.category is Category.OTHER
