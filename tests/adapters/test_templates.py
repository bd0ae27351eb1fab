"""Reply templates: built-ins, user overrides, sandbox, StrictUndefined, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage.actions import ActionError, Draft, check_templates, draft_for, sample_messages
from triage.adapters.templates import TemplateLibrary, builtin_dir
from triage.config import parse_settings
from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.message import Address, Message
from triage.errors import TemplateError

SETTINGS = parse_settings(
    {"owner": {"name": "Jordan Avery", "addresses": ["jordan@averyworks.example"]}}
)
JORDAN = Address("Jordan Avery", "jordan@averyworks.example")
ALEX = Address("Alex Kim", "alex@kim.example")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render(library: TemplateLibrary, name: str, message: Message | None = None) -> str:
    draft = draft_for(
        message or Message(message_id="<m@kim>", subject="Hi", from_=(ALEX,), to=(JORDAN,)),
        category=Category.SALES_PITCH,
        action=Action.DECLINE,
        settings=SETTINGS,
        library=library,
        template=name,
    )
    return draft.body


def test_every_action_and_ask_category_has_a_builtin() -> None:
    library = TemplateLibrary(None)
    names = set(library.names())
    for action in ("decline", "accept", "ask"):
        for category in ("blind_intro", "sales_pitch", "opt_in", "default"):
            assert f"{action}/{category}" in names
    assert all(info.builtin and info.description for info in library.list())


def test_builtins_render_against_every_sample() -> None:
    done, errors = check_templates(TemplateLibrary(None), SETTINGS)
    assert errors == []
    assert done >= 12 * 1
    assert len(sample_messages()) >= 6


def test_user_template_overrides_by_name(tmp_path: Path) -> None:
    write(tmp_path, "decline/sales_pitch", "---\nto: sender\n---\nNo thanks, {{ sender.name }}.\n")
    library = TemplateLibrary(tmp_path)
    assert render(library, "decline/sales_pitch") == "No thanks, Alex Kim.\n"
    info = next(i for i in library.list() if i.name == "decline/sales_pitch")
    assert info.overrides
    assert not info.builtin


def test_missing_variable_is_an_error_with_line(tmp_path: Path) -> None:
    write(tmp_path, "decline/sales_pitch", "---\nto: sender\n---\nHi\n\n{{ sender.nickname }}\n")
    with pytest.raises(TemplateError) as caught:
        render(TemplateLibrary(tmp_path), "decline/sales_pitch")
    path = tmp_path / "decline/sales_pitch.txt.j2"
    assert caught.value.message.startswith(f"{path}:6: ")
    assert "nickname" in caught.value.message
    assert "\n" not in str(caught.value)


def test_syntax_error_reports_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "ask/default", "---\nto: sender\n---\nOne\nTwo {% if %}\n")
    with pytest.raises(TemplateError, match=r"ask/default\.txt\.j2:5: "):
        render(TemplateLibrary(tmp_path), "ask/default")


def test_front_matter_error_reports_line(tmp_path: Path) -> None:
    write(tmp_path, "ask/default", "---\nto: sender\ncc: manager\n---\nHi\n")
    with pytest.raises(TemplateError, match=r"ask/default\.txt\.j2:3: unknown role 'manager'"):
        TemplateLibrary(tmp_path).spec("ask/default")


def test_subject_from_front_matter_and_line_break_refused(tmp_path: Path) -> None:
    write(tmp_path, "decline/a", '---\nsubject: "No: {{ subject }}"\n---\nx\n')
    library = TemplateLibrary(tmp_path)
    draft = draft_for(
        Message(subject="Re: Coffee?", from_=(ALEX,), to=(JORDAN,)),
        category=Category.OTHER,
        action=Action.DECLINE,
        settings=SETTINGS,
        library=library,
        template="decline/a",
    )
    assert draft.subject == "No: Re: Coffee?"
    write(tmp_path, "decline/b", "---\nsubject: {{ text }}\n---\nx\n")
    with pytest.raises(
        TemplateError, match=r"decline/b\.txt\.j2:2: the subject holds a line break"
    ):
        render(library, "decline/b", Message(text="a\nBcc: evil@x.example", from_=(ALEX,)))


def test_message_content_is_data_not_template_code() -> None:
    message = Message(
        subject="{{ 7 * 7 }}",
        from_=(Address("{% raw %}Mallory", "m@x.example"),),
        to=(JORDAN,),
        text="{{ owner.__class__ }} {% for x in range(9) %}x{% endfor %}",
    )
    body = render(TemplateLibrary(None), "decline/sales_pitch", message)
    assert "{{ owner.__class__ }}" in body
    assert "{% for x in range(9) %}" in body
    assert "xxxxxxxxx" not in body


def test_sandbox_forbids_unsafe_access(tmp_path: Path) -> None:
    write(tmp_path, "decline/x", "---\nto: sender\n---\n{{ owner.__class__.__mro__ }}\n")
    with pytest.raises(TemplateError, match=r"decline/x\.txt\.j2:4: "):
        render(TemplateLibrary(tmp_path), "decline/x")
    write(tmp_path, "decline/y", "---\nto: sender\n---\n{{ ''.__class__.__subclasses__() }}\n")
    with pytest.raises(TemplateError):
        render(TemplateLibrary(tmp_path), "decline/y")


def test_bad_names_and_missing_templates() -> None:
    library = TemplateLibrary(None)
    with pytest.raises(TemplateError, match="bad template name"):
        library.path("../../etc/passwd")
    with pytest.raises(TemplateError, match="no template 'decline/nothing'"):
        library.path("decline/nothing")
    assert library.find(("decline/other", "decline/default")) == "decline/default"


def test_check_reports_broken_user_template(tmp_path: Path) -> None:
    write(tmp_path, "accept/opt_in", "---\nto: introduced | sender\n---\nHi\n{{ nobody }}\n")
    done, errors = check_templates(TemplateLibrary(tmp_path), SETTINGS)
    assert done > 0
    assert len(errors) == 1
    assert errors[0].startswith(f"{tmp_path / 'accept/opt_in.txt.j2'}:5: ")


def test_user_copy_starts_from_the_builtin(tmp_path: Path) -> None:
    library = TemplateLibrary(tmp_path)
    copy = library.user_copy("decline/blind_intro")
    assert copy == tmp_path / "decline/blind_intro.txt.j2"
    assert copy.read_text() == (builtin_dir() / "decline/blind_intro.txt.j2").read_text()
    new = library.user_copy("decline/newsletter")
    assert new.read_text() == (builtin_dir() / "decline/default.txt.j2").read_text()


def _builtin_draft(message: Message, category: Category, action: Action) -> Draft:
    """The draft the built-in template makes for `message`."""
    return draft_for(
        message, category=category, action=action, settings=SETTINGS, library=TemplateLibrary(None)
    )


def _greeting_of(message: Message, category: Category, action: Action) -> str:
    draft = _builtin_draft(message, category, action)
    return next(line for line in draft.body.splitlines() if line.startswith(("Hi", "Hello")))


NIAMH = Address("", "niamh@brightside-events.example")
TOM = Address("Tom Gallagher", "tomgallagher@fastpost.example")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jordan meet Niamh, she needs a stand built. Niamh, Jordan. Go!", "Hi Niamh,"),
        ("Niamh, meet Jordan: you two should talk.", "Hi Niamh,"),
        ("You two should talk, I think. Over to you!", "Hi,"),
    ],
)
def test_accept_greets_the_introduced_by_the_name_the_message_gives(
    text: str, expected: str
) -> None:
    message = Message(
        message_id="<m@tom>", subject="meet", from_=(TOM,), to=(JORDAN, NIAMH), text=text
    )
    greeting = _greeting_of(message, Category.BLIND_INTRO, Action.ACCEPT)
    assert greeting == expected
    assert "niamh," not in greeting


def test_sender_without_a_name_is_greeted_by_signature_or_neutrally() -> None:
    signed = Message(
        message_id="<m@n>",
        subject="Quick question",
        from_=(Address("", "ns1984@fastpost.example"),),
        to=(JORDAN,),
        text="Could we talk about stands?\n\nBest,\nNiamh\n\nSent from my iPhone\n",
    )
    assert _greeting_of(signed, Category.SALES_PITCH, Action.DECLINE) == "Hi Niamh,"
    unsigned = Message(
        message_id="<m@n2>",
        subject="Quick question",
        from_=(Address("", "ns1984@fastpost.example"),),
        to=(JORDAN,),
        text="Could we talk about stands?\n",
    )
    assert _greeting_of(unsigned, Category.SALES_PITCH, Action.DECLINE) == "Hi,"


def test_titles_and_organisations_are_not_first_names() -> None:
    doctor = Message(
        message_id="<m@d>",
        subject="Interview",
        from_=(Address("Dr Noor Rahman", "n.rahman@rca-research.example"),),
        to=(JORDAN,),
        text="Would you be open to a short interview?",
    )
    assert _greeting_of(doctor, Category.OPT_IN, Action.DECLINE) == "Hi Noor,"
    shop = Message(
        message_id="<m@s>",
        subject="Your order",
        from_=(Address("Timberline Supply", "orders@timberline-supply.example"),),
        to=(JORDAN,),
        text="Your order has shipped.",
    )
    assert _greeting_of(shop, Category.OTHER, Action.DECLINE) == "Hi,"


def test_every_builtin_renders_well_against_the_demo_inbox() -> None:
    """No lower-cased address part as a name, no blank greeting, no doubled Re:."""
    from triage.core.parse import parse_message
    from triage.demo import demo_messages, demo_settings

    settings = demo_settings(Path("/nonexistent-demo"))
    library = TemplateLibrary(None)
    rendered = 0
    for demo in demo_messages():
        message = parse_message(demo.data)
        for action in (Action.DECLINE, Action.ACCEPT, Action.ASK):
            try:
                draft = draft_for(
                    message,
                    category=demo.category,
                    action=action,
                    settings=settings,
                    library=library,
                )
            except ActionError:
                assert demo.name.startswith("36-"), demo.name  # the no-reply notification
                continue
            rendered += 1
            own = draft.body.split("\n> ")[0]
            assert "Hi ," not in own, (demo.name, action)
            assert "Thanks  (" not in own, (demo.name, action)
            assert not draft.subject.lower().startswith("re: re:"), draft.subject
            for line in own.splitlines():
                if line.startswith("Hi ") and line.endswith(","):
                    name = line[3:-1]
                    assert name[:1].isupper(), (demo.name, action, line)
                    assert "@" not in name, (demo.name, action, line)
            assert draft.to or draft.cc, (demo.name, action)
            assert "sam@okafor-studio.example" not in draft.envelope
    assert rendered >= 120


def test_opt_in_ask_names_the_introduced_person_not_the_connector() -> None:
    tobias = Address("Tobias Engel", "tobias@otley-timber.example")
    marta = Address("Marta Kowalczyk", "marta@hackspace-leeds.example")
    message = Message(
        message_id="<m@marta>",
        subject="Jordan, meet Tobias (as agreed)",
        from_=(marta,),
        to=(JORDAN,),
        cc=(tobias,),
        text="As agreed, here's Tobias.",
    )
    draft = _builtin_draft(message, Category.OPT_IN, Action.ASK)
    assert [a.email for a in draft.to] == [marta.email]
    assert "what would be in it for Tobias, and for me?" in draft.body
    assert "in it for you" not in draft.body


def test_opt_in_accept_to_someone_asking_for_an_intro_promises_to_ask() -> None:
    diego = Address("Diego Alvarez", "diego@casa-alvarez.example")
    message = Message(
        message_id="<m@diego>",
        subject="Could you check with Lena for me?",
        from_=(diego,),
        to=(JORDAN,),
        text="You still work with Lena. Could you see if she’s open to hearing from me?",
    )
    draft = _builtin_draft(message, Category.OPT_IN, Action.ACCEPT)
    assert [a.email for a in draft.to] == [diego.email]
    assert "I'll check with them" in draft.body
    assert "go ahead and\nmake the introduction" not in draft.body


def test_declining_a_name_dropper_speaks_to_them_and_keeps_notes_for_the_owner_out() -> None:
    # The introducer is only named, so the decline goes to the sender; that triage could not
    # copy the introducer is said to the owner in the preview, never in the mail itself.
    message = Message(
        message_id="<m@carla>",
        subject="Marta said I should get in touch",
        from_=(Address("Carla Rossi", "carla@rossi.example"),),
        to=(JORDAN,),
        text="Hello Jordan,\n\nMarta Kowalczyk said I should get in touch with you.\n\nCarla",
    )
    draft = _builtin_draft(message, Category.BLIND_INTRO, Action.DECLINE)
    own = draft.body.split("\n> ")[0]
    assert own.startswith("Hi Carla,")
    assert "I gather Marta Kowalczyk suggested you get in touch" in own
    assert "copied" not in own
    assert "address" not in own
