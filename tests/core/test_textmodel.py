"""core.textmodel: the word model's arithmetic, the shipped model, and its place in a verdict."""

from __future__ import annotations

import base64
import math
import struct
from dataclasses import replace

import pytest

from tests.support.verdicts import fired, written
from tools.train_text_model import corpora, digest
from triage.core.categories import Category
from triage.core.classify import TEXT_MODEL_WORDS, ClassifyContext, classify, model_text
from triage.core.message import Message
from triage.core.parse import parse_message
from triage.core.textmodel import TextModel, build, default_model, terms

CONTEXT = ClassifyContext.for_owner(["morgan@leestudio.example"], name="Morgan Lee")
SENDER = "Alex Stone <alex@stonecraft.example>"


def msg(body: str, subject: str = "Hello") -> Message:
    return written(body, sender=SENDER, to="Morgan Lee <morgan@leestudio.example>", subject=subject)


CATEGORIES = (Category.BLIND_INTRO, Category.OPT_IN, Category.OTHER, Category.SALES_PITCH)


def _tiny() -> TextModel:
    # Three terms: "brain" pushes towards sales_pitch, "invoice" and "the" (too common to
    # show) towards other.
    return build(
        CATEGORIES,
        [0.0, 0.0, 0.5, -0.5],
        [2.5, 2.0, 1.1],
        {"brain": 0, "invoice": 1, "the": 2},
        [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [-1.0, 3.0, 2.0], [4.0, -1.0, 0.0]],
        "test",
    )


def test_terms_are_words_and_adjacent_pairs_lower_cased() -> None:
    assert terms("Pick your BRAIN, a b!") == ["pick", "your", "brain", "pick your", "your brain"]
    assert terms("") == []


def test_a_reading_is_tf_idf_l2_normalised_dot_the_coefficients() -> None:
    model = _tiny()
    vector = model.vector("brain brain invoice the unknown")
    brain, invoice, the = (1 + math.log(2)) * 2.5, 1.0 * 2.0, 1.1
    norm = math.sqrt(brain**2 + invoice**2 + the**2)
    expected_vector = {"brain": brain / norm, "invoice": invoice / norm, "the": the / norm}
    assert vector == pytest.approx(expected_vector)
    reading = model.read("brain brain invoice the unknown")
    expected = -0.5 + 4.0 * brain / norm - 1.0 * invoice / norm
    assert reading.logits[Category.SALES_PITCH] == pytest.approx(expected)
    other = 0.5 - 1.0 * brain / norm + 3.0 * invoice / norm + 2.0 * the / norm
    assert reading.logits[Category.OTHER] == pytest.approx(other)
    assert reading.evidence(Category.SALES_PITCH) == ("brain",)
    # "the" pushed too, but it is in most messages: it is not shown.
    assert reading.evidence(Category.OTHER) == ("invoice",)
    assert reading.words == 5


def test_a_text_without_known_terms_reads_as_the_intercepts() -> None:
    reading = _tiny().read("nothing here")
    assert reading.logits[Category.OTHER] == 0.5
    assert all(not reading.evidence(c) for c in Category)


def test_json_round_trip_and_a_malformed_row_is_refused() -> None:
    model = _tiny()
    assert TextModel.from_json(model.as_json()) == model
    broken = model.as_json()
    broken["idf"] = _tiny_column([1.0])
    with pytest.raises(ValueError, match="columns"):
        TextModel.from_json(broken)
    broken["idf"] = "not base64!"
    with pytest.raises(ValueError, match="packed float32"):
        TextModel.from_json(broken)


def _tiny_column(values: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode()


def test_the_shipped_model_is_trained_on_the_current_fixtures() -> None:
    # Adding or editing a labelled fixture without retraining fails here:
    # run `.venv/bin/python -m tools.train_text_model` (needs `pip install --group train`).
    assert default_model().trained_on == digest(corpora())
    assert set(default_model().categories) == set(Category)
    assert len(default_model().terms) > 1000


PITCH = (
    "Hi Morgan, I run growth at a startup that helps studios like yours book more clients. "
    "We just launched our new platform and I would love to get 15 minutes on your calendar "
    "next week to walk you through a quick demo and hear what you think. Our customers see "
    "results in the first month, and I'd be happy to share a few case studies with you too."
)


def test_text_model_reason_names_the_words_and_pushes_the_pitch() -> None:
    verdict = classify(msg(PITCH, subject="Quick demo for your studio?"), CONTEXT)
    assert fired(verdict, "text_model")
    pushes = {r.category: r for r in verdict.reasons if r.signal == "text_model"}
    strongest = max(pushes.values(), key=lambda r: r.weight)
    assert strongest.category is Category.SALES_PITCH
    assert strongest.evidence.startswith("worded like sales_pitch: '")
    assert verdict.category is Category.SALES_PITCH


def test_ordinary_mail_reads_as_other() -> None:
    body = (
        "Hi Morgan, the invoice for the March shoot is attached, and the prints went out with "
        "the courier this morning, so they should reach the gallery on Thursday. Let me know if "
        "the framing quote needs changing before we sign it off. Thanks again, Alex"
    )
    logits = default_model().read(body).logits
    assert max(logits, key=lambda c: logits[c]) is Category.OTHER
    assert classify(msg(body, subject="March invoice and prints"), CONTEXT).category is (
        Category.OTHER
    )


def test_a_few_words_are_too_few_for_the_word_model() -> None:
    low, high = TEXT_MODEL_WORDS
    short = " ".join(["hello"] * (low - 1))  # and the subject's word
    assert not fired(classify(msg(short), CONTEXT), "text_model")


def test_the_word_model_can_be_left_out() -> None:
    verdict = classify(msg(PITCH), replace(CONTEXT, text_model=False))
    assert not fired(verdict, "text_model")


def test_model_text_is_the_topic_and_the_new_text_not_the_quote() -> None:
    raw = (
        b"From: Alex <alex@x.example>\r\nTo: morgan@leestudio.example\r\n"
        b"Subject: Fwd: the plan\r\n\r\nSounds good.\r\n\r\n"
        b"On Mon, Alex wrote:\r\n> pick your brain\r\n"
    )
    text = model_text(parse_message(raw))
    assert text.startswith("the plan")
    assert "Sounds good." in text
    assert "brain" not in text


def test_without_any_rule_evidence_of_an_ask_the_word_model_is_not_read() -> None:
    body = (
        "Sam, so good to see you at the summit. You'll be glad to know I finally introduced "
        "myself to the bishop like you told me to. He's just as gracious as you said, and "
        "we're going to have him preach at our anniversary in September. Praying for you and "
        "the family, and for that warehouse project. Leon"
    )
    verdict = classify(msg(body, subject="good seeing you"), CONTEXT)
    assert verdict.category is Category.OTHER
    assert not any(r.category is not Category.OTHER and r.weight > 0 for r in verdict.reasons)
    # Alone it could only add to `other`, which changes nothing: it is not consulted.
    assert not fired(verdict, "text_model")
    # The same words beside a rule's ask evidence are read.
    asked = classify(msg(body + "\n\nP.S. Could I pick your brain about the warehouse?"), CONTEXT)
    assert fired(asked, "pick_your_brain")
    assert fired(asked, "text_model")


def test_the_word_model_fades_out_on_text_in_another_language() -> None:
    spanish = (
        "Hola Mariela, te escribo para presentarte a Verónica, que está en copia. Ya le pasé "
        "tu contacto y le dije que la semana que viene seguro tenías un rato para recibirla."
    )
    english = "Hi Mariela, I am writing to introduce you to Veronica, who is copied on this."
    text_speak = "marc u around tmrw am for a call? wont take long"
    model = default_model()
    assert model.read(spanish).english == 0.0
    assert model.read(english).english == 1.0
    assert model.read(text_speak).english == 1.0  # few English words, but none foreign
    faded = classify(msg(spanish, subject="Presentación"), CONTEXT)
    assert not fired(faded, "text_model")
