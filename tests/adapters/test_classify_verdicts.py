"""adapters.verdicts on a real SQLite store: import classifies, corrections learn and undo."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from triage.adapters.mailfiles import RawMail, read_mail
from triage.adapters.store import Store
from triage.adapters.verdicts import (
    LabelError,
    get_verdict,
    label,
    last_label,
    load_learned,
    make_classifier,
    reclassify,
    undo_label,
)
from triage.config import OwnerConfig, Settings
from triage.core.categories import Category
from triage.ingest import import_mail

PROBE = Path(__file__).parents[1] / "fixtures" / "classify" / "probe"
SETTINGS = Settings(owner=OwnerConfig(name="Morgan Lee", addresses=["morgan@leestudio.example"]))


def _raw(sender: str, subject: str, body: str, message_id: str) -> RawMail:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Morgan Lee <morgan@leestudio.example>"
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    mail.set_content(body)
    return RawMail(bytes(mail), message_id, "INBOX")


def _import_probe(store: Store) -> dict[str, int]:
    report = import_mail(store, read_mail(PROBE), classify=make_classifier(SETTINGS))
    assert report.added == 43
    ids: dict[str, int] = {}
    for row in store.db.query(
        "SELECT m.id, m.subject, v.category FROM messages m JOIN verdicts v ON v.message_pk = m.id"
    ):
        ids[row["subject"]] = row["id"]
    return ids


def test_import_writes_a_verdict_for_every_message(store: Store) -> None:
    _import_probe(store)
    rows = list(store.db.query("SELECT * FROM verdicts"))
    assert len(rows) == 43
    by_category = {r["category"] for r in rows}
    assert by_category == {c.value for c in Category}
    for row in rows:
        reasons = json.loads(row["reasons_json"])
        assert all({"signal", "category", "weight", "evidence"} <= set(r) for r in reasons)
        assert row["model_version"]
        assert row["labelled"] == 0


def test_introducer_is_stored_for_intros(store: Store) -> None:
    ids = _import_probe(store)
    row = next(
        store.db.query("SELECT * FROM verdicts WHERE message_pk = ?", [ids["Morgan, meet Felix"]])
    )
    assert row["category"] == "blind_intro"
    assert row["introducer_addr"] == "dana@harbourlane.example"
    assert row["introducer_name"] == "Dana Whitcombe"
    other = next(
        store.db.query("SELECT * FROM verdicts WHERE message_pk = ?", [ids["hike saturday?"]])
    )
    assert other["introducer_addr"] == ""


def test_get_verdict_matches_the_row(store: Store) -> None:
    ids = _import_probe(store)
    verdict = get_verdict(store, ids["coffee?"])
    assert verdict is not None
    assert verdict.category is Category.SALES_PITCH
    assert any(r.signal == "pick_your_brain" for r in verdict.reasons)
    assert get_verdict(store, 999_999) is None


def test_label_learns_per_sender_and_undo_unlearns(store: Store) -> None:
    classify = make_classifier(SETTINGS)
    first = _raw("Pat <pat@vendorly.example>", "hello", "Are you around next week?", "<p1@v>")
    import_mail(store, [first], classify=classify)
    pk = store.db.execute("SELECT id FROM messages").fetchone()[0]
    before = get_verdict(store, pk)
    assert before is not None
    assert before.category is Category.OTHER

    label_id = label(store, pk, "sales_pitch", settings=SETTINGS)
    after = get_verdict(store, pk)
    assert after is not None
    assert after.category is Category.SALES_PITCH
    assert after.labelled
    row = next(store.db.query("SELECT * FROM labels WHERE id = ?", [label_id]))
    assert (row["category"], row["previous"]) == ("sales_pitch", "other")
    record = last_label(store)
    assert record is not None
    assert (record.id, record.message_pk, record.previous) == (label_id, pk, Category.OTHER)
    learned = load_learned(store)
    assert learned.senders["pat@vendorly.example"][Category.SALES_PITCH] > 0
    assert learned.domains["vendorly.example"][Category.SALES_PITCH] > 0

    # Similar mail from the same sender now shifts.
    second = _raw(
        "Pat <pat@vendorly.example>", "again", "Are you around for a call next week?", "<p2@v>"
    )
    import_mail(store, [second], classify=classify)
    pk2 = store.db.execute("SELECT id FROM messages WHERE message_id = '<p2@v>'").fetchone()[0]
    shifted = get_verdict(store, pk2)
    assert shifted is not None
    assert shifted.category is Category.SALES_PITCH
    assert any(r.signal == "learned_sender" for r in shifted.reasons)

    # A reclassify keeps the correction.
    reclassify(store, SETTINGS)
    kept = get_verdict(store, pk)
    assert kept is not None
    assert kept.labelled

    restored = undo_label(store, label_id)
    assert restored == before
    assert load_learned(store).senders == {}
    assert store.db.execute("SELECT count(*) FROM classifier_weights").fetchone()[0] == 0
    assert last_label(store) is None
    assert reclassify(store, SETTINGS, [pk2]) == 1
    unshifted = get_verdict(store, pk2)
    assert unshifted is not None
    assert unshifted.category is Category.OTHER
    with pytest.raises(LabelError, match="already undone"):
        undo_label(store, label_id)


def test_undo_of_an_older_correction_keeps_the_newer_one(store: Store) -> None:
    import_mail(
        store, [_raw("A <a@a.example>", "x", "Hi", "<a1@a>")], classify=make_classifier(SETTINGS)
    )
    pk = store.db.execute("SELECT id FROM messages").fetchone()[0]
    first = label(store, pk, Category.SALES_PITCH)
    label(store, pk, Category.OPT_IN)
    undo_label(store, first)
    verdict = get_verdict(store, pk)
    assert verdict is not None
    assert verdict.category is Category.OPT_IN


def test_label_errors(store: Store) -> None:
    with pytest.raises(LabelError, match="no message"):
        label(store, 12345, "other")
    import_mail(store, [_raw("A <a@a.example>", "x", "Hi", "<a2@a>")])
    pk = store.db.execute("SELECT id FROM messages").fetchone()[0]
    with pytest.raises(LabelError, match="unknown category"):
        label(store, pk, "spam")
    with pytest.raises(LabelError, match="no correction"):
        undo_label(store, 777)


def test_label_without_an_earlier_verdict_then_undo_removes_it(store: Store) -> None:
    import_mail(store, [_raw("A <a@a.example>", "x", "Hi", "<a3@a>")])
    pk = store.db.execute("SELECT id FROM messages").fetchone()[0]
    assert get_verdict(store, pk) is None
    label_id = label(store, pk, "opt_in")
    assert undo_label(store, label_id) is None
    assert get_verdict(store, pk) is None


def test_sent_mail_is_history_not_classified(store: Store) -> None:
    from triage.adapters.store import Location
    from triage.core.parse import parse_message

    sent = EmailMessage()
    sent["From"] = "Morgan Lee <morgan@leestudio.example>"
    sent["To"] = "Pat <pat@vendorly.example>"
    sent["Subject"] = "question"
    sent["Message-ID"] = "<q1@mail.example>"
    sent.set_content("Pat, quick question about the order.")
    sent_pk = store.add_message(
        parse_message(bytes(sent)), Location("acct", "Sent", 1, 1), is_sent=True
    )
    assert sent_pk is not None
    reply = _raw(
        "Pat <pat@vendorly.example>", "Re: question", "Can we talk tomorrow? 10 min.", "<r1@v>"
    )
    mail = reply.data.replace(b"Subject:", b"In-Reply-To: <q1@mail.example>\nSubject:")
    import_mail(store, [RawMail(mail, "r", "INBOX")], classify=make_classifier(SETTINGS))
    verdicts = {
        row[0]: row[1] for row in store.db.execute("SELECT message_pk, category FROM verdicts")
    }
    assert sent_pk not in verdicts
    reply_pk = store.db.execute("SELECT id FROM messages WHERE message_id = '<r1@v>'").fetchone()[0]
    assert verdicts[reply_pk] == "other"
    verdict = get_verdict(store, reply_pk)
    assert verdict is not None
    assert any(r.signal == "reply_to_owner" for r in verdict.reasons)


def test_a_correction_teaches_the_signals_but_never_the_word_model(store: Store) -> None:
    body = (
        "Hi Morgan, the invoice for the March shoot is attached, and the prints went out with "
        "the courier this morning, so they should reach the gallery on Thursday. Let me know "
        "if the framing quote needs changing before we sign it off. Could we hop on a quick "
        "call on Friday about the next order? Thanks again, Pat"
    )
    mail = _raw("Pat <pat@vendorly.example>", "March invoice", body, "<w1@v>")
    import_mail(store, [mail], classify=make_classifier(SETTINGS))
    pk = store.db.execute("SELECT id FROM messages").fetchone()[0]
    before = get_verdict(store, pk)
    assert before is not None
    assert any(r.signal == "text_model" for r in before.reasons)
    label(store, pk, "sales_pitch", settings=SETTINGS)
    learned = load_learned(store)
    # It fires on nearly every message: a lesson on it would shift all mail.
    assert "text_model" not in learned.signals
    assert learned.senders["pat@vendorly.example"][Category.SALES_PITCH] > 0
