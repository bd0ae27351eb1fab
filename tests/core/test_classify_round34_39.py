"""core.classify: what probes 34 to 78 missed, each with messages written here (rules alone)."""

from __future__ import annotations

from tests.support.verdicts import fired, written
from triage.core.categories import Category
from triage.core.classify import ClassifyContext, classify
from triage.core.message import Message

OWNER = "Lena Brandt <lena@brandtarch.example>"
STRANGER = "Kai Moreau <kai@moreau-systems.example>"
CONTEXT = ClassifyContext(
    owner=frozenset({"lena@brandtarch.example"}),
    owner_domains=frozenset({"brandtarch.example"}),
    owner_name="Lena Brandt",
    text_model=False,
)
"""The rules alone: each test here checks one signal, not the word model."""


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


def test_an_introduction_with_a_dash_between_the_names() -> None:
    body = "Lena - meet Tomas, who runs the bridge survey team.\n\nTomas - meet Lena."
    verdict = classify(msg(body, cc="Tomas Berg <tomas@berg.example>"), CONTEXT)
    assert fired(verdict, "intro_meet") == ["Lena - meet Tomas", "Tomas - meet Lena"]
    assert verdict.category is Category.BLIND_INTRO


def test_you_have_both_said_yes_is_the_agreement() -> None:
    body = "You've both said yes, so here we go. Lena, meet Tomas. Tomas, meet Lena."
    verdict = classify(msg(body, to=f"{OWNER}, Tomas Berg <tomas@berg.example>"), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_thanks_for_the_yes_is_the_agreement() -> None:
    body = "Great, thanks for the yes, Lena! Tomas, meet Lena (cc'd). I'll step back now."
    verdict = classify(msg(body, to="Tomas Berg <tomas@berg.example>", cc=OWNER), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_a_bare_as_discussed_to_the_introduced_person_is_no_agreement_of_the_owners() -> None:
    body = (
        "Tomas - as discussed on Friday, adding Lena Brandt, who runs Brandt Architects. "
        "If anyone can tell you how a practice prices bridge work, it's her. Tomas, I'll let "
        "you coordinate times with Lena directly."
    )
    verdict = classify(msg(body, to="Tomas Berg <tomas@berg.example>", cc=OWNER), CONTEXT)
    assert not fired(verdict, "agreed_intro")
    assert fired(verdict, "discussed_without_you") == ["as discussed"]
    assert verdict.category is Category.BLIND_INTRO


def test_forwarded_me_your_reply_is_the_agreement() -> None:
    body = (
        "Hi Lena, Rachel forwarded me your reply below, thank you. Would Thursday at 10 work "
        "for a half-hour call? I'd like to understand how you price small bridges."
    )
    rachel = "Rachel Gold <rachel@gold.example>"
    verdict = classify(msg(body, cc=rachel, subject="ok if I connect you?"), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {"forwarded me your reply"}
    assert verdict.category is Category.OPT_IN


def test_sharing_it_with_your_people_is_a_reach_ask() -> None:
    body = (
        "Today we launched version two. Would you be up for sharing it with your people, "
        "or forwarding it to a few of the founders you know?"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "reach_ask")
    assert verdict.category is Category.SALES_PITCH


def test_the_strongest_people_you_have_come_across_is_a_reach_ask() -> None:
    body = "Who are the strongest finance people you've come across in your portfolio?"
    assert fired(classify(msg(body), CONTEXT), "reach_ask")


def test_asking_to_be_mentored_is_asking_for_free_advice() -> None:
    body = "I've read your book twice. Would you be willing to be my mentor?"
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "pick_your_brain") == ["be my mentor"]
    assert verdict.category is Category.SALES_PITCH


def test_get_your_reactions_for_an_hour_tops() -> None:
    body = "I'd love to go through our pricing plan with you and get your reactions. An hour tops."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "feedback_pretext") == ["get your reactions"]
    assert fired(verdict, "time_amount") == ["An hour tops"]
    assert verdict.category is Category.SALES_PITCH


def test_is_it_ok_that_i_give_her_your_address_asks_consent() -> None:
    body = "A parent called me. Is it ok that I give her your address? If not, just say no."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Is it ok that I give"]
    assert verdict.category is Category.OPT_IN


def test_mail_from_a_subdomain_of_the_owners_is_a_colleagues() -> None:
    body = "Could I interview you for about 10 minutes for the school paper? I have 4 questions."
    student = "Maya T <maya@students.brandtarch.example>"
    verdict = classify(msg(body, sender=student), CONTEXT)
    assert fired(verdict, "same_domain")
    assert verdict.category is Category.OTHER
    # A look-alike domain is not a subdomain.
    outsider = classify(msg(body, sender="Maya T <maya@notbrandtarch.example>"), CONTEXT)
    assert not fired(outsider, "same_domain")


def test_a_name_drop_in_the_subject() -> None:
    body = "I'm a student working on grammar-aware fuzzing. Would you have an hour sometime?"
    for subject in ("Tomás from the OWASP meetup said to reach out", "Jordan pointed me your way"):
        verdict = classify(msg(body, subject=subject), CONTEXT)
        assert fired(verdict, "name_drop"), subject
        assert verdict.category is Category.BLIND_INTRO, subject


def test_said_youre_the_guy_to_ask_offers_the_owners_time() -> None:
    body = "hey lena -- nnamdi said youre the guy to ask about bridge loads. free thurs for 20?"
    assert fired(classify(msg(body), CONTEXT), "offered_time")


def test_gave_your_cell_to_after_a_greeting_dash_hands_the_owner_over() -> None:
    body = "Lena - gave your cell to my brother in law Dennis. Told him you'd take care of him."
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "offered_time")) == {
        "Lena - gave your cell to",
        "Told him you'd take care of",
    }
    assert verdict.category is Category.BLIND_INTRO


def test_want_me_to_pass_your_name_along_and_before_i_hand_him_your_info_ask_consent() -> None:
    for body in (
        "A rep asked me for a few names. Want me to pass your name along or no?",
        "I figured I'd ask before I hand him your info. If it's a headache, just say no.",
    ):
        verdict = classify(msg(body), CONTEXT)
        assert fired(verdict, "consent_ask"), body
        assert verdict.category is Category.OPT_IN, body


def test_per_the_owners_ok_and_thanks_to_you_both_for_saying_yes_are_agreements() -> None:
    tomas = "Tomas Berg <tomas@berg.example>"
    for body in (
        "Tomas, Lena,\n\nPer Lena's OK last Thursday, putting you in touch. You two take it "
        "from here.",
        "Tomas, Lena,\n\nThanks to you both for saying yes. Here's the intro I mentioned to "
        "each of you last week. I'll leave the rest to you.",
    ):
        verdict = classify(msg(body, to=f"{OWNER}, {tomas}"), CONTEXT)
        assert fired(verdict, "agreed_intro"), body
        assert verdict.category is Category.OPT_IN, body


def test_i_would_value_a_candid_conversation_asks_for_time() -> None:
    body = "We've never spoken, but I'd value a candid conversation about your studio's plans."
    assert fired(classify(msg(body), CONTEXT), "time_ask") == ["I'd value a candid conversation"]


def test_moving_the_introducer_to_bcc_is_a_reply_to_an_introduction() -> None:
    body = "Thanks Ben! (moving you to bcc)\n\nLena - so nice to e-meet you."
    assert fired(classify(msg(body), CONTEXT), "intro_phrase") == ["moving you to bcc"]


def test_said_youd_welcome_an_intro_and_the_connection_we_agreed_are_agreements() -> None:
    tomas = "Tomas Berg <tomas@berg.example>"
    for body in (
        "Lena, Tomas -\n\nAt Thursday's meeting you both said you'd welcome an intro, so here "
        "it is. Tomas is the engineer I keep raving about. I'll step out of the way now.",
        "Lena, Tomas,\n\nThank you both. Lena let me know Tomas is happy to talk, so here's the "
        "connection we agreed. Tomas, meet Lena.",
    ):
        verdict = classify(msg(body, to=f"{OWNER}, {tomas}"), CONTEXT)
        assert fired(verdict, "agreed_intro"), body
        assert verdict.category is Category.OPT_IN, body


def test_you_said_yes_to_the_person_introduced_is_not_the_owners_yes() -> None:
    body = (
        "Karen,\n\nWelcome aboard - everyone is thrilled you said yes. I'm connecting you with "
        "Lena Brandt (cc'd). Lena - I told her you'd take her to lunch and walk her through "
        "your contacts."
    )
    verdict = classify(msg(body, to="Karen Whit <karen@whit.example>", cc=OWNER), CONTEXT)
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.BLIND_INTRO


def test_it_will_only_take_few_minutes_is_an_amount_of_time() -> None:
    body = "Can you call me tomorrow morning so I explain better, it will only take few minutes."
    assert fired(classify(msg(body), CONTEXT), "time_amount") == ["few minutes"]


# --- round 38 ---------------------------------------------------------------------------


def test_a_childs_hi_mom_is_family_news_whatever_it_relays() -> None:
    body = (
        "Hi Mom,\n\nThe recital is Saturday at 3. Oh and Aunt Ruth wants to introduce you to "
        "her new neighbour, I told her you'd call her. Sorry. Love you"
    )
    verdict = classify(msg(body, sender="Camille Jones <camille@jones.example>"), CONTEXT)
    assert fired(verdict, "kin_greeting") == ["Hi Mom"]
    assert verdict.category is Category.OTHER


def test_a_plain_surname_inside_a_double_one_is_family_two_double_ones_are_not() -> None:
    owner = ClassifyContext(
        owner=frozenset({"lena@brandtarch.example"}),
        owner_name="Lena Whitfield-Brandt",
        text_model=False,
    )
    body = "Can you help me with something this weekend?"
    relative = classify(msg(body, sender="Tom Brandt <tom@mail.example>"), owner)
    assert fired(relative, "family")
    stranger = classify(msg(body, sender="Ivy Brandt-Vance <ivy@mail.example>"), owner)
    assert not fired(stranger, "family")


def test_the_two_of_you_ought_to_have_a_conversation_and_added_on_cc() -> None:
    body = (
        "Unrelated -- I've added Kofi Boateng on cc. The two of you really ought to have a "
        "proper conversation. Kofi, Lena runs Brandt Architects -- over to you!"
    )
    verdict = classify(msg(body, cc="Kofi Boateng <kofi@boateng.example>"), CONTEXT)
    assert fired(verdict, "intro_meet")
    assert fired(verdict, "cc_mention") == ["I've added Kofi Boateng on cc"]
    assert verdict.category is Category.BLIND_INTRO


def test_if_yes_ill_connect_you_two_with_no_stress_is_a_permission_first_ask() -> None:
    body = (
        "A friend needs a speaker for a panel. Interested? If yes I'll connect you two, no stress."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["If yes I'll connect you"]
    assert fired(verdict, "easy_out") == ["no stress"]
    assert verdict.category is Category.OPT_IN


def test_an_arrow_between_two_names_in_the_subject_and_agreements_reported_of_the_owner() -> None:
    tomas = "Tomas Berg <tomas@berg.example>"
    body = "Tomas, Lena -- here you are, as discussed with each of you separately. Enjoy!"
    verdict = classify(msg(body, to=f"{OWNER}, {tomas}", subject="Lena ↔ Tomas"), CONTEXT)
    assert fired(verdict, "intro_phrase") == ["Lena ↔ Tomas"]
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN
    said = "Tomas -- meet my friend Lena Brandt, who said yes to answering your questions."
    verdict = classify(msg(said, to=tomas, cc=OWNER), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_gave_him_ur_number_and_any_chance_of_a_coffee() -> None:
    handed = classify(msg("my cousin is job hunting, i gave him ur number + email"), CONTEXT)
    assert fired(handed, "offered_time") == ["gave him ur"]
    coffee = (
        "I'm in Berlin next week. Any chance of a coffee? I'd show you a few things we've shipped."
    )
    verdict = classify(msg(coffee), CONTEXT)
    assert fired(verdict, "time_ask") == ["Any chance of a coffee"]
    assert fired(verdict, "sales_terms") == ["show you a few things we've shipped"]


# --- round 39 ---------------------------------------------------------------------------


def test_share_our_catalog_with_the_people_in_your_network_is_a_reach_ask() -> None:
    body = (
        "We'd love to partner! Here's the idea: you share our catalog with the principals in "
        "your network, and every school that orders gets 15% off."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "reach_ask")
    # "Here's the idea" is the pitch, not business as usual.
    assert not fired(verdict, "business_as_usual")
    assert verdict.category is Category.SALES_PITCH


def test_do_you_want_me_to_put_you_two_in_touch_asks_consent() -> None:
    body = "A dentist asked what we use. Do you want me to put you two in touch? Happy either way."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask")
    assert verdict.category is Category.OPT_IN


def test_any_chance_we_could_talk_tomorrow_asks_for_time() -> None:
    body = "Hi Lena, any chance we could talk tomorrow? Got something you'd like. 10 mins max."
    verdict = classify(msg(body, subject="tomorrow?"), CONTEXT)
    assert fired(verdict, "time_ask") == ["any chance we could talk"]
    assert verdict.category is Category.SALES_PITCH


# --- round 42 ---------------------------------------------------------------------------


def test_more_ways_to_ask_before_an_introduction() -> None:
    for body, phrase in (
        (
            "Would you mind if I put a girl from my team in touch with you? If you're swamped "
            "just say, no bother at all.",
            "Would you mind if I put a girl from my team in touch with you",
        ),
        (
            "If you'd like, I can introduce you and they'll send the deck. I only make the intro "
            "if you say so.",
            "If you'd like, I can introduce",
        ),
        (
            "I'm writing to ask whether you'd welcome an introduction. I told her I would speak "
            "with you before sharing anything.",
            "whether you'd welcome an introduction",
        ),
    ):
        verdict = classify(msg(body), CONTEXT)
        assert phrase in fired(verdict, "consent_ask"), body
        assert verdict.category is Category.OPT_IN, body


def test_he_has_said_yes_reports_the_owners_agreement() -> None:
    body = (
        "Nadia,\n\nMeet Lena - she runs Brandt Architects. She's said yes to an April "
        "recording (see below), so I'll hand over to you for scheduling.\n\nLena, Nadia is the "
        "producer I mentioned."
    )
    verdict = classify(msg(body, to="Nadia Rossi <nadia@rossi.example>", cc=OWNER), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


# --- round 44 (probes 74-78) ---------------------------------------------------------------


def test_no_explanation_is_needed_and_if_you_prefer_not_are_easy_outs() -> None:
    body = (
        "Before I put your name on our keynote shortlist, I want to ask if you are comfortable "
        "with this. If you prefer not, please just tell me. No explanation is needed."
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "easy_out")) == {"If you prefer not", "No explanation is needed"}
    assert set(fired(verdict, "consent_ask")) == {
        "Before I put your name",
        "you are comfortable with this",
    }
    assert verdict.category is Category.OPT_IN


def test_asking_whether_you_would_be_willing_is_permission_first() -> None:
    body = (
        "I study how architects fund their research. I would like to ask whether you would be "
        "willing to take part in a 30-minute interview. If you'd rather not, simply don't reply."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["ask whether you would be willing to"]
    assert "simply don't reply" in fired(verdict, "easy_out")
    assert verdict.category is Category.OPT_IN


def test_willing_to_check_with_him_whether_he_would_be_open() -> None:
    body = (
        "Would you be willing to check with him whether he'd be open to hearing from us? Only "
        "if you think he'd welcome it, and if he's not interested I won't contact him at all."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Would you be willing to check with him whether he"]
    assert set(fired(verdict, "easy_out")) == {
        "Only if you think he'd welcome it",
        "if he's not interested I won't",
    }
    assert verdict.category is Category.OPT_IN


_VICTOR = "Victor Alvarez <victor@alvarez.example>"


def test_a_named_person_who_said_yes_makes_the_introduction_agreed() -> None:
    body = (
        "Lena - good news, Victor said yes! He's cc'd. Victor, Lena is the architect I told "
        "you about. I'll get out of the way now."
    )
    verdict = classify(msg(body, cc=_VICTOR), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {"Victor said yes"}
    assert verdict.category is Category.OPT_IN


def test_she_said_yes_to_a_proposal_is_no_agreement_to_an_introduction() -> None:
    body = (
        "Aisling and I got engaged! She said yes before I was down on one knee. You were there "
        "for that intro at your 30th, so you're invited to everything."
    )
    verdict = classify(msg(body, sender="Kev Byrne <kev@byrne.example>"), CONTEXT)
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.OTHER


def test_thanks_for_your_kind_yes_is_the_agreement() -> None:
    body = (
        "Lena, thank you for your kind yes yesterday evening! So now officially: Victor, this "
        "is Lena Brandt, who designed the Carnide library. I'll let you two find a day."
    )
    verdict = classify(msg(body, to=f"{OWNER}, {_VICTOR}"), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {"thank you for your kind yes"}
    assert verdict.category is Category.OPT_IN


def test_told_me_on_friday_that_you_were_happy_for_me_to_get_in_touch() -> None:
    body = (
        "Victor Alvarez told me on Friday that you were happy for me to get in touch after he "
        "asked you last week. I'd value 30 minutes of your thoughts on our reading room."
    )
    verdict = classify(msg(body, cc=_VICTOR), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {
        "told me on Friday that you were happy for me to"
    }
    assert verdict.category is Category.OPT_IN


def test_you_kindly_told_him_you_would_be_happy_to_is_the_agreement() -> None:
    body = (
        "Sunil passed on your details after you very kindly told him you'd be happy to mentor "
        "me this year. Would a first call after half term work?"
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {"you very kindly told him you'd be happy to"}
    assert verdict.category is Category.OPT_IN


def test_a_forwarded_yes_and_keeping_to_its_terms_is_the_agreement() -> None:
    body = (
        "Karin forwarded your reply (below) - thank you for being willing to help. I'll keep "
        "it short, as you asked: what are your plans for the 3.x line once 4.0 is out?"
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {"forwarded your reply"}
    assert fired(verdict, "agreed_thanks") == ["as you asked"]
    assert verdict.category is Category.OPT_IN


def test_i_have_added_my_neighbour_on_here_copies_someone_in() -> None:
    body = "Also, I've added my neighbor Rosa on here. She has to go on your show!"
    verdict = classify(msg(body, cc="Rosa Iglesias <rosa@postbox.example>"), CONTEXT)
    assert fired(verdict, "cc_mention") == ["I've added my neighbor Rosa on here"]


def test_two_lines_of_name_this_is_name_introduce_both_sides() -> None:
    body = (
        "Victor, this is Lena Brandt, architect of the Carnide library.\n"
        "Lena, this is Victor Alvarez from the ZLB, who I told you about."
    )
    verdict = classify(msg(body, to=f"{OWNER}, {_VICTOR}"), CONTEXT)
    assert fired(verdict, "intro_meet") == [
        "Victor, this is Lena Brandt, architect of the Carnide library. Lena, this is Victor"
    ]
    assert verdict.category is Category.BLIND_INTRO


def test_asking_who_at_your_organisation_decides_is_a_pitch() -> None:
    body = (
        "Quick question - who at Brandt Architects looks after decisions on project software? "
        "Happy to be pointed in the right direction."
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "reach_ask")) == {
        "who at Brandt Architects looks after",
        "pointed in the right direction",
    }
    assert verdict.category is Category.SALES_PITCH


def test_a_relative_copied_in_is_family_not_an_introduction() -> None:
    body = "Hi both, Dad's 70th is on the 20th. Can you both reply so I know you've seen this?"
    sister = "Becky Lomax <becky@inbox.example>"
    verdict = classify(
        msg(body, sender=sister, to=f"{OWNER}, Chris Brandt <chris.brandt@mailbox.example>"),
        CONTEXT,
    )
    assert fired(verdict, "relative_copied") == [
        "Chris Brandt <chris.brandt@mailbox.example> shares your surname"
    ]
    assert not fired(verdict, "third_party")
    assert verdict.category is Category.OTHER


def test_adding_the_owner_to_someone_elses_problem_hands_the_owner_over() -> None:
    body = (
        "Adding Lena (hi Lena!) - she designed the building, so she'll know in five seconds "
        "whether this is a fault or us holding it wrong. Lena, Tomas's team sees cracks."
    )
    verdict = classify(
        msg(
            body,
            subject="Re: cracks",
            sender="Sam Kowalski <sam@kowalski.example>",
            cc="Tomas Berg <tomas@berg.example>",
        ),
        CONTEXT,
    )
    assert fired(verdict, "added_you") == ["Adding Lena"]


def test_mail_to_one_other_address_is_the_owners_forward() -> None:
    forwarded = msg(
        "Hi Ken, how is my famous cousin? Eddie said you might know.",
        to="Ken Lay <klay@enron.example>",
    )
    verdict = classify(forwarded, CONTEXT)
    assert fired(verdict, "not_addressed_to_you")
    assert not fired(verdict, "third_party")
    blind_copied = msg(
        "Hi Camila, I'm bcc'ing my classmate Lena, who did exactly this.",
        to="Camila Duarte <camila@ondaria.example>",
    )
    assert fired(classify(blind_copied, CONTEXT), "third_party")


def test_mail_from_mamma_is_family_news_whatever_it_relays() -> None:
    body = (
        "Sunday dinner is still on. Also, Margit told me she gave your email to the Lindahl boy "
        "who makes computer games. You don't have to answer him if you don't want to."
    )
    verdict = classify(msg(body, sender="Mamma <ingrid.halvorsen@freemail.example>"), CONTEXT)
    assert fired(verdict, "kin_sender") == ["From: Mamma"]
    assert "From: Mamma (family)" in fired(verdict, "family")
    assert verdict.category is Category.OTHER


def test_here_is_on_both_sides_introduces_them() -> None:
    body = (
        "Thank you for say yes so fast! Valentina, here is Lena. Lena, here is Valentina. I "
        "leave you two to talk."
    )
    verdict = classify(msg(body, to=f"{OWNER}, Valentina Ruiz <vale@jam.example>"), CONTEXT)
    assert fired(verdict, "intro_meet") == ["Valentina, here is Lena. Lena, here is Valentina"]
    assert set(fired(verdict, "agreed_intro")) == {"Thank you for say yes"}
    assert verdict.category is Category.OPT_IN


def test_nothing_needed_from_you_is_mail_that_asks_nothing() -> None:
    body = (
        "Tomas, meet Gary, who offered to inspect the trucks. Lena, cc'ing you so you're in the "
        "loop. Nothing needed from you."
    )
    verdict = classify(msg(body, to="Tomas Berg <tomas@berg.example>", cc=OWNER), CONTEXT)
    assert fired(verdict, "nothing_asked") == ["Nothing needed from you"]


def test_no_action_needed_unless_you_want_is_no_statement_that_nothing_is_asked() -> None:
    body = "Sponsor question for you, no action needed unless you want there to be."
    assert not fired(classify(msg(body), CONTEXT), "nothing_asked")


def test_hiii_ladies_greets_a_crowd() -> None:
    body = "Hiii ladies\n\nMy birthday thing is on Saturday. Kavya, you two will get along."
    verdict = classify(msg(body, to=f"{OWNER}, Jess Tan <jess@mailbox.example>"), CONTEXT)
    assert fired(verdict, "group_greeting") == ["Hiii ladies"]
    assert verdict.category is Category.OTHER


def test_advice_taken_or_thanked_for_is_no_ask_for_it() -> None:
    for said in ("I took your advice and bought the asset.", "Thanks for your advice last week."):
        assert not fired(classify(msg(said), CONTEXT), "pick_your_brain")
    asked = classify(msg("I am asking for your advice on pricing."), CONTEXT)
    assert fired(asked, "pick_your_brain") == ["your advice"]


def test_allow_me_to_introduce_myself_introduces_nobody_else() -> None:
    verdict = classify(msg("Allow me to introduce myself. I'm Ravi, from Portwell."), CONTEXT)
    assert not fired(verdict, "intro_phrase")
    other = classify(msg("Allow me to introduce Ravi, who runs a studio."), CONTEXT)
    assert fired(other, "intro_phrase") == ["Allow me to introduce"]


def test_checking_whether_you_would_be_amenable_before_putting_anyone_in_touch() -> None:
    body = (
        "Before putting anyone in touch with you, I wanted to check whether you would be "
        "amenable to an introduction. Should you prefer not to proceed, I will simply tell him."
    )
    verdict = classify(msg(body), CONTEXT)
    assert set(fired(verdict, "consent_ask")) == {
        "Before putting anyone",
        "check whether you would be amenable to",
    }
    assert fired(verdict, "easy_out") == ["Should you prefer not"]
    assert verdict.category is Category.OPT_IN


def test_thank_you_so_much_for_saying_yes_is_the_agreement() -> None:
    body = "Thank you so much for saying yes, Lena! Ayu, this is Lena. Lena, meet Ayu Lestari."
    verdict = classify(msg(body, to=f"{OWNER}, Ayu Lestari <ayu@ceksehat.example>"), CONTEXT)
    assert set(fired(verdict, "agreed_intro")) == {"Thank you so much for saying yes"}
    assert verdict.category is Category.OPT_IN


def test_can_we_have_small_call_asks_for_time() -> None:
    verdict = classify(msg("Can we have small call of 15 minutes in this week?"), CONTEXT)
    assert fired(verdict, "time_ask") == ["Can we have small call"]


def test_i_told_him_and_that_you_would_want_to_offers_your_time() -> None:
    body = (
        "I've cc'd my son-in-law Trevor, he does video production. I told him the firm really "
        "needs a new video for the website (no offense, but the one with the cartoon trucks is a "
        "little dated now, and the sound is off) and that you'd want "
        "to sit down with him about it."
    )
    verdict = classify(msg(body, cc="Trevor Lang <trevor@frames.example>"), CONTEXT)
    assert fired(verdict, "cc_mention") == ["I've cc'd my son-in-law Trevor"]
    assert fired(verdict, "offered_time")[0].endswith("and that you'd want to")
    assert verdict.category is Category.BLIND_INTRO


def test_an_introduction_the_owner_asked_for_is_an_opt_in() -> None:
    body = (
        "Good news: I talked to Yolanda, who's deputy GM at the water authority, and she said "
        "she'd be glad to. Yolanda, Lena is the one I mentioned. Take it from here, you two!\n\n"
        "On Mon, Mar 30, 2026 at 4:12 PM Lena Brandt <lena@brandtarch.example> wrote:\n"
        "> Luis, random ask: do you know anyone senior at the water authority who'd\n"
        "> talk to me informally about the basin?\n"
    )
    verdict = classify(
        msg(body, subject="Re: water authority", cc="Yolanda Pierce <yp@rwa.example>"), CONTEXT
    )
    assert set(fired(verdict, "agreed_intro")) == {"you asked: do you know anyone"}
    assert verdict.category is Category.OPT_IN


def test_you_both_said_you_would_welcome_this_is_the_agreement() -> None:
    body = (
        "Good morning, both of you. I checked with each of you separately and you both said "
        "you'd welcome this, so here is the promised introduction. I'll leave the scheduling to "
        "you."
    )
    verdict = classify(msg(body, to=f"{OWNER}, {_VICTOR}"), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_a_group_address_in_to_is_a_crowd_not_someone_introduced() -> None:
    body = "Count so far: Manila Hotel 11, Tagaytay 7. Tess and Malou, you two haven't voted!"
    verdict = classify(
        msg(body, subject="Re: reunion venue", to="csa-batch91@groups.example", cc=OWNER), CONTEXT
    )
    assert fired(verdict, "group_address") == ["csa-batch91@groups.example is a group address"]
    assert not fired(verdict, "third_party")
    assert verdict.category is Category.OTHER


# --- round 47 ----------------------------------------------------------------------------------


def test_not_giving_your_contact_without_asking_first_asks_consent() -> None:
    body = (
        "Our chairwoman would like to understand how the unions worked with the regulator. I "
        "thought of you, but I do not want to give your contact without to ask you before. If "
        "you have not the time, only tell me and it is absolutely no problem."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["do not want to give your contact without to ask"]
    assert fired(verdict, "easy_out") == ["only tell me and it is absolutely no problem"]
    assert verdict.category is Category.OPT_IN


def test_could_you_find_out_whether_he_would_be_open_asks_consent() -> None:
    body = (
        "A favour to ask. Could you find out whether he'd be open to hearing from me? If he "
        "doesn't want to, just let me know and I won't contact him."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Could you find out whether he'd be open"]


def test_i_told_him_i_would_ask_you_before_giving_out_names_is_consent_not_a_reach_ask() -> None:
    body = (
        "Our class rep asked whether I knew anyone at the airline. I told him I would ask you "
        "before giving out any names. It would be a single one-hour session in April."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["I told him I would ask you before"]
    assert not fired(verdict, "reach_ask")
    assert verdict.category is Category.OPT_IN


def test_asking_you_to_spread_the_word_to_your_members_is_a_pitch() -> None:
    body = (
        "Allow me to introduce myself: I'm Nadia, a former flight attendant (11 years!) and now "
        "the founder of CrewNest. I'd be so grateful if you could mention us to your members, or "
        "simply forward this email to anyone who commutes into Montreal."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "reach_ask") == [
        "mention us to your members",
        "forward this email to anyone",
    ]
    assert fired(verdict, "self_intro") == ["and now the founder of"]
    assert verdict.category is Category.SALES_PITCH


# --- round 48 ----------------------------------------------------------------------------------

_THU = "Thu Ha Nguyen <thuha@saigonpathways.example>"
_EVELYN = '"Dr. Evelyn Voss" <evoss@iacc.example>'


def test_a_bump_on_an_introduction_quoted_below_is_the_introduction() -> None:
    body = (
        "Lena, just nudging this back to the top of your inbox. Thu Ha is in Boston in March "
        "and could drive up for an afternoon.\n\nE.\n\n"
        "On Tue, 3 Feb 2026 at 09:12, Evelyn Voss <evoss@iacc.example> wrote:\n"
        "> Dear Lena,\n>\n> I'd like you to meet Thu Ha Nguyen (copied), who runs an advising\n"
        "> centre in Ho Chi Minh City. I told her you'd be glad to set up a call.\n"
    )
    verdict = classify(msg(body, sender=_EVELYN, cc=_THU), CONTEXT)
    assert fired(verdict, "bump") == ["top of your inbox"]
    assert fired(verdict, "bumped_intro") == ["like you to meet", "like you to meet"]
    assert verdict.category is Category.BLIND_INTRO


def test_a_bump_of_a_pitch_stays_a_pitch() -> None:
    body = (
        "Hi Lena, floating this to the top of your inbox in case it got buried.\n\n"
        "On Tue, 3 Feb 2026 at 09:12, Kai Moreau <kai@moreau-systems.example> wrote:\n"
        "> Would you have 15 minutes for a quick demo of our scheduling tool?\n"
    )
    verdict = classify(msg(body, cc="Ana Ruiz <ana@moreau-systems.example>"), CONTEXT)
    assert fired(verdict, "bump")
    assert not fired(verdict, "bumped_intro")
    assert verdict.category is Category.SALES_PITCH


def test_the_introducer_named_with_a_title_and_copied_is_the_introducer() -> None:
    body = (
        "Dear Dean Brandt, my name is Thu Ha. Dr. Evelyn introduce us by email few weeks ago. "
        "I would like very much to discuss how we can send students to your college. Is it "
        "possible I visit your office on 11 or 12 March?"
    )
    verdict = classify(msg(body, sender=_THU, cc=_EVELYN), CONTEXT)
    assert fired(verdict, "introducer_copied") == ["Dr. Evelyn Voss <evoss@iacc.example> is copied"]
    assert verdict.category is Category.BLIND_INTRO


def test_introduced_us_names_the_introducer_and_introduced_us_to_a_product_does_not() -> None:
    dropped = classify(msg("Hi Lena, Marta Silva introduced us at the fair last year."), CONTEXT)
    assert fired(dropped, "name_drop") == ["Marta Silva"]
    product = classify(msg("Hi Lena, Marta Silva introduced us to the app last year."), CONTEXT)
    assert not fired(product, "name_drop")


def test_would_twenty_minutes_be_unreasonable_asks_for_time() -> None:
    body = (
        "If you're curious, I'd bring the analysis. Would twenty minutes next week be unreasonable?"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "time_ask") == ["Would twenty minutes next week be unreasonable"]


def test_spend_twenty_minutes_with_me_asks_for_time() -> None:
    verdict = classify(msg("Would you accept to spend 20 minutes with me on a call?"), CONTEXT)
    assert fired(verdict, "time_ask") == ["spend 20 minutes with me"]


def test_one_more_try_and_leaving_you_in_peace_is_a_bump() -> None:
    verdict = classify(msg("One more try and then I'll leave you in peace."), CONTEXT)
    assert fired(verdict, "bump") == ["One more try", "then I'll leave you in peace"]


def test_what_we_do_at_a_company_is_a_self_introduction() -> None:
    verdict = classify(msg("What we do at Yieldwise is put a number on it."), CONTEXT)
    assert fired(verdict, "self_intro") == ["What we do at Yieldwise is"]


def test_no_charge_for_looking_is_a_pitch_opener() -> None:
    verdict = classify(msg("I'd bring the cut I made, no charge for looking at it."), CONTEXT)
    assert fired(verdict, "cold_opener") == ["no charge for looking"]


def test_who_are_the_people_you_would_trust_asks_for_reach() -> None:
    body = (
        "Who are the three or four line producers you'd trust with your life? And if you'd be "
        "willing to forward our opening invitation, that would be amazing."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "reach_ask") == [
        "Who are the three or four line producers you'd trust",
        "willing to forward our opening",
    ]


def test_partner_packages_for_a_panel_seat_are_pay_to_play() -> None:
    verdict = classify(msg("Panellists confirm through one of our Partner packages."), CONTEXT)
    assert fired(verdict, "pay_to_play") == ["Partner packages"]


def test_a_spanish_ask_for_a_talk_and_minutes() -> None:
    body = "Hola Lena, soy Martín. ¿Podemos hablar mañana? Te robo 10 minutos nomás."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "time_ask") == ["Podemos hablar", "Te robo 10 minutos"]
    assert fired(verdict, "time_amount") == ["10 minutos"]


def test_a_spanish_self_introduction_and_an_ask_for_a_slot() -> None:
    body = (
        "Estimada Lena: Mi nombre es Constanza Vial y soy socia de Andes Talent. Me gustaría "
        "conversar unos minutos. ¿Tendrías un espacio el jueves?"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "self_intro") == ["Mi nombre es Constanza Vial y soy"]
    assert fired(verdict, "time_ask") == ["Me gustaría conversar", "Tendrías un espacio"]


def test_a_french_ask_for_a_moment() -> None:
    verdict = classify(msg("Bonjour Lena, auriez-vous un moment la semaine prochaine ?"), CONTEXT)
    assert fired(verdict, "time_ask") == ["auriez-vous un moment"]


def test_pass_my_contact_on_in_spanish_asks_for_reach() -> None:
    body = "Y si podés pasale mi contacto a la gente de la Asociación, conocés a todos."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "reach_ask") == ["pasale mi contacto a"]


def test_a_spanish_consent_ask_with_an_out() -> None:
    body = (
        "¿Te animarías a preguntarle si estaría abierto a que Joaquín le escriba? Si preferís "
        "no preguntarle, está perfecto. Decime que no sin culpa."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Te animarías a preguntarle", "estaría abierto a"]
    assert fired(verdict, "easy_out") == ["Si preferís no", "Decime que no"]
    assert verdict.category is Category.OPT_IN


def test_comme_convenu_is_the_agreement() -> None:
    body = (
        "Comme convenu -- Lena, je te présente Marc Côté; Marc, voici Lena Brandt, qui a "
        "gentiment accepté de te parler. Je vous laisse aller!"
    )
    verdict = classify(msg(body, to=f"{OWNER}, Marc Côté <marc@cote.example>"), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


# --- round 49 ----------------------------------------------------------------------------------


def test_a_copied_person_with_a_title_is_named_by_their_first_name() -> None:
    body = "Lena, I'm copying Evelyn, who runs the advising centre, so you can compare notes."
    named = classify(msg(body, cc=_EVELYN), CONTEXT)
    assert fired(named, "third_party_named") == ["Evelyn is addressed and named"]
    title = "Lena, Dr. Moreau here: the survey is attached."
    title_only = classify(msg(title, cc=_EVELYN), CONTEXT)
    assert not fired(title_only, "third_party_named")


def test_asking_to_be_passed_on_to_the_owners_staff_is_a_reach_ask() -> None:
    body = (
        "Hi Lena, Kai here from Moreau Staffing. Could you point me to who manages your site "
        "office? Or even better, if you could pass my details onto your project leads that "
        "would be amazing."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "reach_ask") == [
        "point me to who manages your",
        "could pass my details onto your",
    ]
    assert verdict.category is Category.SALES_PITCH


def test_getting_onto_the_owners_supplier_list_is_a_sales_term() -> None:
    body = "Hi Lena, we'd love to get onto your preferred supplier list for surveys this spring."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "sales_terms") == ["onto your preferred supplier list"]


def test_sound_her_out_asks_the_owner_to_check_with_a_contact_first() -> None:
    body = (
        "Lena, I'd like to put two of our apprentices in touch with Ana, but I don't want to land "
        "it on her cold. Could you sound her out and see if she'd be up for an hour with them in "
        "April? If she's not got the capacity just say."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Could you sound her out", "see if she'd be up for"]
    assert verdict.category is Category.OPT_IN


# --- round 50 ----------------------------------------------------------------------------------

_MARCUS = "Marcus Bell <marcus@brandtarch.example>"


def test_an_outsider_writing_to_the_owner_and_a_colleague_is_work_under_way() -> None:
    body = (
        "Hi Lena, Marcus,\n\nCan we hop on a quick call tomorrow morning? The supplier sent the "
        "final spec and the span is 40 cm shorter than the drawing, so the fabricator needs an "
        "answer by Thursday noon.\n\nThanks,\nKai"
    )
    verdict = classify(msg(body, cc=_MARCUS), CONTEXT)
    assert fired(verdict, "with_your_colleague") == [f"Cc: {_MARCUS} (your colleague)"]
    assert verdict.category is Category.OTHER
    # With someone else copied too, the colleague says less: an introduction may include them.
    introduced = classify(msg(body, cc=f"{_MARCUS}, Ana Ruiz <ana@ruiz.example>"), CONTEXT)
    assert not fired(introduced, "with_your_colleague")


def test_news_and_nothing_after_it_asks_nothing() -> None:
    body = (
        "Ms. Brandt!! idk if you remember me, I was in your studio class in 2019. I just wanted "
        "to tell you I got into the architecture masters at Delft!!! Mr. Berg said I should email "
        "you and tell you.\n\nanyway thats all. thank you for real\n\nKai"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "nothing_asked") == ["wanted to tell you I got"]
    assert verdict.category is Category.OTHER
    closing = classify(msg("Lena, the permit came through today.\nThat's all!"), CONTEXT)
    assert fired(closing, "nothing_asked") == ["That's all!"]
    asking = classify(msg("Lena, that's all I need: fifteen minutes on Friday."), CONTEXT)
    assert not fired(asking, "nothing_asked")


# --- round 51 ----------------------------------------------------------------------------------


def test_as_discussed_said_to_the_other_person_is_no_agreement_of_the_owners() -> None:
    body = (
        "Hi Devon, hi Lena,\n\nDevon - as discussed, I'm connecting you with Lena Brandt, an "
        "architect I've known for years. She would be a strong fit for the bridge contract.\n\n"
        "Lena - Devon runs projects at Northwind. I've shared your CV and told him you're free "
        "from March 2.\n\nDevon, I'll leave it with you to propose a time."
    )
    to_both = f"Devon Park <devon@northwind.example>, {OWNER}"
    verdict = classify(msg(body, to=to_both), CONTEXT)
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.BLIND_INTRO
    said_to_owner = body.replace("Devon - as discussed", "Lena - as discussed")
    agreed = classify(msg(said_to_owner, to=to_both), CONTEXT)
    assert fired(agreed, "agreed_intro") == ["as discussed", "as discussed"]
    assert agreed.category is Category.OPT_IN


def test_a_portuguese_ask_for_a_talk_and_feedback_is_a_pitch() -> None:
    body = (
        "Olá Lena,\n\nSou o Tiago, co-fundador da Fermentek. Seriam só 20 minutinhos numa call. "
        "Tem disponibilidade na próxima semana? Ou podemos falar amanhã?\n\nObrigado!\nTiago"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "self_intro") == ["Sou o Tiago, co-fundador"]
    assert fired(verdict, "time_amount") == ["20 minutinhos"]
    assert fired(verdict, "time_ask") == ["Tem disponibilidade", "podemos falar"]
    assert verdict.category is Category.SALES_PITCH


def test_a_portuguese_permission_first_ask_with_an_out_is_an_opt_in() -> None:
    body = (
        "Lena, querida,\n\nAntes de fazer o que quer que seja, queria perguntar-te: estarias "
        "aberta a que eu te apresentasse à Rita Gaspar? Não lhes dei o teu nome. Queres que os "
        "ponha em contacto contigo? Se não te apetecer, diz-me só que não. Se preferires que "
        "não, fica entre nós.\n\nBjs,\nSofia"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == [
        "Antes de fazer o que quer que seja",
        "estarias aberta a",
    ]
    assert fired(verdict, "easy_out") == ["Se não te apetecer", "diz-me só"]
    assert verdict.category is Category.OPT_IN
    more = classify(msg("Não lhes dei o teu nome. Se preferires que não, tudo bem."), CONTEXT)
    assert fired(more, "consent_ask") == ["Não lhes dei o teu nome"]
    assert fired(more, "easy_out") == ["Se preferires que não"]


def test_como_combinado_and_has_kindly_agreed_are_the_agreement() -> None:
    combinado = (
        "Como combinado, aqui ficam apresentadas! Rita, meet Lena. Lena, meet Rita. "
        "Deixo-vos à vontade."
    )
    to_both = f"Rita Gaspar <rita@mesaposta.example>, {OWNER}"
    verdict = classify(msg(combinado, to=to_both), CONTEXT)
    assert fired(verdict, "agreed_intro") == ["Como combinado", "Como combinado"]
    assert verdict.category is Category.OPT_IN
    kindly = (
        "Dear Rita, I'd like to introduce you to Lena Brandt (cc). Lena has kindly agreed to "
        "meet your team in May. I'll let you two take it from here."
    )
    agreed = classify(msg(kindly, to="Rita Gaspar <rita@mesaposta.example>", cc=OWNER), CONTEXT)
    assert fired(agreed, "agreed_intro") == ["Lena has kindly agreed to meet"] * 2
    assert agreed.category is Category.OPT_IN


# --- round 52 ----------------------------------------------------------------------------------


def test_a_spanish_permission_first_ask_with_an_out_is_an_opt_in() -> None:
    body = (
        "Lena, una pregunta antes de hacer nada: mi cuñado Toño hace carpintería fina. ¿Te late "
        "que te lo presente? Todavía no le he dado tu cel. Si no estás en eso ahorita, dime sin "
        "pena.\n\nAbrazo\nBeto"
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["antes de hacer nada", "Todavía no le he dado tu"]
    assert fired(verdict, "easy_out") == ["Si no estás en eso", "dime sin pena"]
    assert verdict.category is Category.OPT_IN


def test_spanish_asks_for_time_and_a_contact_passed_on() -> None:
    asks = classify(
        msg(
            "Lena, quisiera pedirle 15 minutos de su tiempo. ¿Te animas a un café? Me encantaría "
            "conocerte."
        ),
        CONTEXT,
    )
    assert fired(asks, "time_ask") == [
        "Me encantaría conocerte",
        "15 minutos de su tiempo",
        "Te animas a un café",
    ]
    passed = classify(
        msg("Ya le di tu celular y tu correo al Ing. Torres; te va a llamar el lunes."), CONTEXT
    )
    assert fired(passed, "offered_time") == ["Ya le di tu celular", "te va a llamar"]
    assert passed.category is Category.BLIND_INTRO


def test_como_quedamos_is_the_agreement() -> None:
    body = "Como quedamos, les presento: Jimena, ella es Lena. Lena, Jimena es la clienta."
    verdict = classify(msg(body, to=f"Jimena Ortiz <jimena@correo.example>, {OWNER}"), CONTEXT)
    assert fired(verdict, "agreed_intro") == ["Como quedamos", "Como quedamos"]
    assert verdict.category is Category.OPT_IN


def test_hi_both_alone_greets_two_friends_and_introduces_nobody() -> None:
    body = (
        "Hi both,\n\nCourt booked at Kallang, Sat 8-10am, usual gang. Darren pls bring the "
        "shuttles this time.\n\nLena - btw my brother started at the bank last Monday, the team "
        "you told him about. He says thank you.\n\nSee you Sat!\nJH"
    )
    to = f"{OWNER}, Darren Lim <darren@lim.example>"
    verdict = classify(msg(body, to=to), CONTEXT)
    assert fired(verdict, "greeting_only") == ["Hi both"]
    assert verdict.category is Category.OTHER
    introduced = body.replace("usual gang.", "usual gang. Lena, meet Darren, who just moved here.")
    intro = classify(msg(introduced, to=to), CONTEXT)
    assert not fired(intro, "greeting_only")


# --- round 54 ----------------------------------------------------------------------------------


def test_a_call_with_its_length_between_quick_and_call_is_a_time_ask() -> None:
    body = "I've recorded a video of it. Happy to share it on a quick 15-minute call this week."
    assert fired(classify(msg(body), CONTEXT), "time_ask") == ["quick 15-minute call"]
    brief = classify(msg("Could we do a brief 20 min video call on Friday?"), CONTEXT)
    assert fired(brief, "time_ask") == ["brief 20 min video call"]


def test_accept_or_decline_on_a_meeting_notice_is_no_consent_ask() -> None:
    body = (
        "Please hold the date for the Q2 meeting of the Board. Board materials will be posted "
        "to the portal by April 15.\n\nKindly accept or decline so we can confirm catering."
    )
    verdict = classify(msg(body), CONTEXT)
    assert not fired(verdict, "consent_ask")
    assert verdict.category is Category.OTHER


def test_spelling_out_what_it_would_involve_is_permission_first() -> None:
    body = (
        "Dear Lena,\n\nI'm writing to ask whether you would be open to an interview for a study "
        "of how surgeons teach.\n\nWhat it would involve: one 45-minute video interview at a "
        "time that suits you. Why you: few of our surgeons run fellowships.\n\nIf you're not "
        "interested, no reply is needed."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "spelled_out") == ["What it would involve"]
    assert verdict.category is Category.OPT_IN


# --- round 55 ----------------------------------------------------------------------------------


def test_asking_to_check_whether_she_would_be_open_is_a_consent_ask() -> None:
    body = (
        "Hi Lena,\n\nI know your friend Lakshmi led exactly this at her last company. Would you "
        "be willing to check whether she'd be open to a 30-minute chat with me? If she's not, or "
        "you'd rather not ask, absolutely no problem."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == ["check whether she'd be open"]
    assert fired(verdict, "easy_out") == ["or you'd rather not"]
    assert verdict.category is Category.OPT_IN


def test_sharing_your_email_id_and_promising_a_referral_is_an_introduction() -> None:
    body = (
        "Respected Ma'am,\n\nDeepa Iyer ma'am shared your email id with me and told me that you "
        "will be able to refer me for the open SDE-2 position. Kindly do the needful."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "name_drop") == ["shared your email id with me"]
    assert fired(verdict, "offered_time") == ["told me that you will be able to refer"]
    assert verdict.category is Category.BLIND_INTRO


def test_you_would_find_him_a_slot_offers_the_owners_time() -> None:
    body = (
        "Sounds good re the 18th. I've cc'd Tom from Greenbelt Nurseries: he wants to sponsor "
        "the day. I said you'd find him a ten minute slot after lunch."
    )
    cc = "Tom Reddy <tom@greenbelt.example>"
    verdict = classify(msg(body, cc=cc), CONTEXT)
    assert fired(verdict, "offered_time") == ["said you'd find him"]
    assert verdict.category is Category.BLIND_INTRO


def test_no_problem_in_the_owners_quoted_reply_is_the_agreement() -> None:
    body = (
        "As promised - Lena, this is Roisin, Aoife's friend from work. Roisin, this is my little "
        "sister Lena, who knows everything about hotels.\n\nI'll leave it with ye.\n\nColm\n\n"
        "On Sun 5 Apr 2026, 21:14 Lena Brandt <lena@brandtarch.example> wrote:\n"
        "> Yeah no problem, put her in touch. Mornings are better.\n>\n"
        "> On Sun 5 Apr 2026, 18:02 Colm wrote:\n>> Would you mind if I put Roisin in touch?\n"
    )
    to = f"{OWNER}, Roisin Keogh <roisin@keogh.example>"
    verdict = classify(
        msg(body, subject="Re: Roisin", sender="Colm <colm@doyle.example>", to=to), CONTEXT
    )
    assert fired(verdict, "intro_meet") == [
        "Lena, this is Roisin, Aoife's friend from work. Roisin, this is my little sister Lena"
    ]
    assert fired(verdict, "agreed_intro") == ["you wrote: no problem"] * 2
    assert verdict.category is Category.OPT_IN


def test_thanks_for_saying_yes_reported_by_the_person_introduced_is_the_agreement() -> None:
    body = (
        "Good evening,\n\nPastor Hayes (cc'd) let me know that you told him after service that it "
        "would be alright for me to email you, and I really appreciate you saying yes. Pastor said "
        "you'd be willing to answer a few questions about hiring."
    )
    cc = "Pastor Leonard Hayes <pastor@newhope.example>"
    verdict = classify(msg(body, cc=cc), CONTEXT)
    assert fired(verdict, "agreed_intro")
    assert verdict.category is Category.OPT_IN


def test_a_friend_signing_with_love_is_asking_a_favour_not_pitching() -> None:
    body = (
        "Girl I need to pick your brain. Kayla got into two schools and we can't decide. Can I "
        "call you Saturday morning?\n\nLove you,\nNita"
    )
    verdict = classify(msg(body, sender="Renita Cole <renita@mail.example>"), CONTEXT)
    assert fired(verdict, "fond_signoff") == ["Love you,"]
    assert verdict.category is Category.OTHER
    brand = classify(msg(body.replace("Nita", "Team Lumi")), CONTEXT)
    assert not fired(brand, "fond_signoff")


# --- round 56 ----------------------------------------------------------------------------------


def test_would_you_like_an_intro_before_telling_him_is_a_consent_ask() -> None:
    body = (
        "Saw your Staff Backend post. Devon Park reported to me for three years.\n\nWould you like "
        "an intro? I haven't told him I'm asking, so there's no awkwardness if the role is gone."
    )
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "consent_ask") == [
        "Would you like an intro",
        "haven't told him I'm asking",
    ]
    assert verdict.category is Category.OPT_IN


def test_told_him_you_would_hook_him_up_offers_the_owners_time() -> None:
    body = (
        "adding Kev, we play in the same rec league. I told him you'd hook him up w whoever does "
        "sales hiring over there"
    )
    to = f"{OWNER}, Kevin Oduya <kevin@mail.example>"
    verdict = classify(msg(body, to=to), CONTEXT)
    assert fired(verdict, "offered_time") == ["told him you'd hook him up"]
    assert verdict.category is Category.BLIND_INTRO


def test_a_research_interview_is_no_feedback_pretext_but_a_user_interview_is() -> None:
    research = classify(msg("Research interview request: would you be open to it?"), CONTEXT)
    assert not fired(research, "feedback_pretext")
    user = classify(msg("We're running user interviews about our app this month."), CONTEXT)
    assert fired(user, "feedback_pretext") == ["user interviews"]


def test_this_is_my_cousin_and_you_sure_can_give_him_pointers_is_an_introduction() -> None:
    body = (
        "Eh Lena!! This is my cousin Wei Jie, he just came back from London and wants to get "
        "into VC. I told him you sure can give him some pointers one haha.\n\nYou all arrange ya."
    )
    cc = "Tay Wei Jie <weijie@mail.example>"
    verdict = classify(msg(body, cc=cc), CONTEXT)
    assert fired(verdict, "intro_meet") == ["This is my cousin"]
    assert fired(verdict, "offered_time") == ["told him you sure can give"]
    assert verdict.category is Category.BLIND_INTRO
    wedding = classify(msg("This is my cousin's wedding album, enjoy!"), CONTEXT)
    assert not fired(wedding, "intro_meet")


def test_popping_minutes_in_the_diary_is_a_time_ask() -> None:
    body = (
        "Felix would love to talk to a GP audience. Could we pop 15 minutes in the diary this week?"
    )
    assert fired(classify(msg(body), CONTEXT), "time_ask") == ["pop 15 minutes in the diary"]


# --- round 57 ----------------------------------------------------------------------------------


def test_files_in_a_shared_drive_are_work_in_progress() -> None:
    body = "Looping in Dana. The slides are in the shared drive, and the budget is on SharePoint."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "business_as_usual") == ["shared drive", "SharePoint"]
    assert not fired(classify(msg("Happy to share a few thoughts."), CONTEXT), "business_as_usual")


def test_a_ticket_opened_is_work_in_progress() -> None:
    body = "I've opened #214 for the flaky build and filed a bug report for the login crash."
    verdict = classify(msg(body), CONTEXT)
    assert fired(verdict, "business_as_usual") == ["opened #214", "filed a bug report"]
    opening = classify(msg("We opened a new office in Lisbon."), CONTEXT)
    assert not fired(opening, "business_as_usual")


def test_scheduling_a_twenty_minute_interview_is_a_time_ask() -> None:
    body = "To confirm your place, please schedule a 20-minute profile interview with our editor."
    assert fired(classify(msg(body), CONTEXT), "time_ask") == ["schedule a 20-minute"]


def test_a_feature_package_to_select_is_pay_to_play() -> None:
    body = "Select your Feature Package (Silver USD 1,450 / Gold USD 2,900) to confirm."
    assert fired(classify(msg(body), CONTEXT), "pay_to_play") == ["Feature Package"]


def test_german_consent_first_before_passing_on_a_name() -> None:
    before = "Kurze Frage, bevor ich deinen Namen weitergebe: wärst du offen für ein Gespräch?"
    assert fired(classify(msg(before), CONTEXT), "consent_ask") == [
        "bevor ich deinen Namen weitergebe",
        "wärst du offen für",
    ]
    withheld = "Ich hab ihm deinen Namen noch NICHT gegeben. Sag einfach nein, wenn nicht."
    assert fired(classify(msg(withheld), CONTEXT), "consent_ask") == [
        "hab ihm deinen Namen noch NICHT gegeben"
    ]


def test_a_handover_from_the_sender_is_no_introduction() -> None:
    body = (
        "Hi team,\n\nLooping in Dominik, who's taking over the Nordwind account from me in "
        "February. Dominik - Jonas is the go-to for the integration."
    )
    verdict = classify(msg(body, cc="Dominik Arslan <dominik@tidewater.example>"), CONTEXT)
    assert fired(verdict, "business_as_usual") == ["Hi team"]
    assert fired(verdict, "handover") == ["taking over the Nordwind account from me"]
    assert verdict.category is Category.OTHER
    manager = "Looping in Samuel, who is taking over as your relationship manager for Fund I."
    assert fired(classify(msg(manager), CONTEXT), "handover") == [
        "taking over as your relationship manager"
    ]
    mine = "Amara is taking over the zero-dose dashboard from me next month."
    assert fired(classify(msg(mine), CONTEXT), "handover") == [
        "taking over the zero-dose dashboard from me"
    ]
    taken = "Dana has taken over growth at Fernpay and would love to meet you."
    assert not fired(classify(msg(taken), CONTEXT), "handover")
    assert not fired(classify(msg(taken), CONTEXT), "business_as_usual")


def test_copied_for_visibility_asks_nothing() -> None:
    body = "Sam will join the weekly call from Tuesday. Marieke is in cc for visibility."
    assert fired(classify(msg(body), CONTEXT), "nothing_asked") == ["in cc for visibility"]


def test_could_you_maybe_check_with_her_asks_consent() -> None:
    body = "Could you maybe check with her if she is open to a 30-45 min call with our CTO?"
    assert fired(classify(msg(body), CONTEXT), "consent_ask") == [
        "Could you maybe check with her if she"
    ]


def test_dutch_told_him_you_would_help_and_asking_first() -> None:
    told = "Ik heb gezegd dat jij daar alles van weet en dat je hem vast wel op weg wilt helpen."
    assert fired(classify(msg(told), CONTEXT), "offered_time") == [
        "Ik heb gezegd dat jij daar alles van weet en dat je hem vast wel op weg wilt helpen"
    ]
    ask = (
        "Ik heb een vraagje, helemaal vrijblijvend. Zou je hem eens willen vragen of hij "
        "ervoor openstaat?"
    )
    verdict = classify(msg(ask), CONTEXT)
    assert fired(verdict, "consent_ask") == ["Zou je hem eens willen vragen of", "ervoor openstaat"]
    assert fired(verdict, "easy_out") == ["helemaal vrijblijvend"]
    assert verdict.category is Category.OPT_IN


def test_asking_to_see_if_he_can_do_something_at_your_company_asks_no_consent() -> None:
    favour = "Please could you see if he can do his attachment at your company, even in the field."
    assert not fired(classify(msg(favour), CONTEXT), "consent_ask")
    consent = "Could you check whether he'd even want a call with me? It'd be 30 minutes."
    assert fired(classify(msg(consent), CONTEXT), "consent_ask") == ["Could you check whether he"]


def test_thanks_for_agreeing_to_give_a_talk_is_no_agreement_to_an_introduction() -> None:
    body = (
        "Thank you again for agreeing to give Grand Rounds on April 8. I've copied Brianna, our "
        "education coordinator, who will handle the rest. If you can spare 15 minutes on the 7th, "
        "our AV tech would like a quick test.\n\nHarriet\n\n"
        "On Fri, 13 Feb 2026 at 16:02, Lena Brandt <lena@brandtarch.example> wrote:\n"
        "> Harriet - yes, April 8 works. Title to follow.\n"
    )
    cc = "Brianna Kohl <bkohl@univ-med.example>"
    verdict = classify(msg(body, subject="Re: Grand Rounds", cc=cc), CONTEXT)
    assert fired(verdict, "quotes_owner")
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.OTHER
    meet = body.replace("to give Grand Rounds on April 8", "to meet Brianna")
    agreed = classify(msg(meet, subject="Re: Grand Rounds", cc=cc), CONTEXT)
    assert fired(agreed, "agreed_intro") == ["Thank you again for agreeing"] * 2


def test_an_agreed_introduction_of_whoever_takes_over_the_work_stays_an_opt_in() -> None:
    body = (
        "Hi both,\n\nLena -- as we discussed on Monday, here is Kofi, who has just joined our "
        "regional office and is taking over the zero-dose dashboard from me. Kofi, Lena kindly "
        "agreed to give you an overview.\n\nEsther"
    )
    to = f"{OWNER}, Kofi Mensah <kofi@childrensfund.example>"
    verdict = classify(msg(body, to=to), CONTEXT)
    assert fired(verdict, "agreed_intro") == ["as we discussed", "as we discussed"]
    assert fired(verdict, "agreed_handover") == ["taking over the zero-dose dashboard from me"]
    assert verdict.category is Category.OPT_IN


def test_a_colleague_looping_in_a_colleague_as_discussed_is_work() -> None:
    body = (
        "Lena,\n\nAs discussed in SLT on Monday, looping in Sam who's taking over the timetable "
        "from me in May. Lena, you might want to give Sam 20 mins next week - I've said you'd be "
        "happy to.\n\nChris"
    )
    colleague = "Chris Barlow <chris@brandtarch.example>"
    cc = "Sam Patel <sam@brandtarch.example>"
    verdict = classify(msg(body, sender=colleague, cc=cc), CONTEXT)
    assert fired(verdict, "colleagues_only") == ["To/Cc: only people at brandtarch.example"]
    assert not fired(verdict, "agreed_intro")
    assert verdict.category is Category.OTHER
    outside = classify(msg(body, sender=colleague, cc="Sam <sam@elsewhere.example>"), CONTEXT)
    assert not fired(outside, "colleagues_only")
