"""A generated, classified inbox of any size (triage screen tests and benchmarks/tui.py).

Deterministic for a given seed and clock: the same people, subjects and verdicts every run.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from triage.adapters.store import Location, Store
from triage.core.categories import Category
from triage.core.message import Address, Message

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
"""The fixed clock of tests and snapshots."""
OWNER = Address("Jordan Avery", "jordan@averyworks.example")

_FIRST = [
    "Priya",
    "Sam",
    "Dana",
    "Alex",
    "Maya",
    "Luis",
    "Chen",
    "Noor",
    "Tomás",
    "Ingrid",
    "Kofi",
    "Aiko",
    "Ravi",
    "Elena",
    "Jonas",
    "Fatima",
    "Marco",
    "Hana",
    "Owen",
    "Zara",
    "Mateo",
    "Lena",
    "Yusuf",
    "Clara",
    "Diego",
    "Sofia",
    "Ethan",
    "Amara",
    "Felix",
    "Ines",
]
_LAST = [
    "Raman",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Novak",
    "Brennan",
    "Castillo",
    "Weber",
    "Osei",
    "Park",
    "Ferreira",
    "Nakamura",
    "Schmidt",
    "Kowalski",
    "Duarte",
    "Abara",
    "Hughes",
    "Rossi",
    "Patel",
    "Larsen",
    "Iyer",
    "Vogel",
]
_DOMAINS = [
    "fastpost.example",
    "northwind.example",
    "lumen.example",
    "acme-growth.example",
    "brightlabs.example",
    "quarry.example",
    "seedfund.example",
    "orbit.example",
]

_SUBJECTS: dict[Category, tuple[str, ...]] = {
    Category.BLIND_INTRO: (
        "Intro: {a} <> Jordan",
        "Meet {a} (founder, {co})",
        "Connecting you two: {a} / Jordan",
        "You should talk to {a}",
        "Intro to {a} at {co}",
    ),
    Category.SALES_PITCH: (
        "Quick question about your hiring pipeline",
        "Pick your brain? 15 minutes",
        "{co} x Averyworks partnership",
        "Would love your advice on our seed round",
        "Coffee next week?",
    ),
    Category.OPT_IN: (
        "Would you be open to an intro to {a}?",
        "Okay to connect you with {a}?",
        "Double opt-in: {a} from {co}",
        "Happy to intro you to {a} — interested?",
    ),
    Category.OTHER: (
        "Re: Q4 planning notes",
        "Your receipt from {co}",
        "Lunch on Thursday",
        "Weekly digest: 12 new posts",
        "Re: contract draft v3",
        "Board deck comments",
    ),
}
_BODIES: dict[Category, tuple[str, ...]] = {
    Category.BLIND_INTRO: (
        "Hi Jordan,\n\nI'd like to introduce you to {a}, who is building {co}. I think you two "
        "should connect — {a} would love to pick your brain about go-to-market.\n\n"
        "{a}, meet Jordan. I'll let you two take it from here!\n\nBest,\n{s}\n",
        "Jordan — meet {a}. {a} is raising a seed round for {co} and I told them you'd be the "
        "perfect person to talk to. Looping you both in; I'll step back.\n\nCheers,\n{s}\n",
    ),
    Category.SALES_PITCH: (
        "Hi Jordan,\n\nI came across your work and would love to pick your brain for 15 "
        "minutes. We help teams like yours grow their pipeline 3x. Are you free for a quick "
        "call this week?\n\nThanks,\n{s}\n{co}\n",
        "Hello Jordan,\n\nQuick question: who handles partnerships at Averyworks? We've built "
        "something your team will love and I'd like to show you a short demo.\n\n{s}\n",
    ),
    Category.OPT_IN: (
        "Hi Jordan,\n\nWould you be open to an intro to {a}? They're working on {co} and asked "
        "me for advice on hiring. No pressure at all — if you're busy, just say no and I won't "
        "share your address.\n\nBest,\n{s}\n",
    ),
    Category.OTHER: (
        "Hi Jordan,\n\nAttached are my notes from yesterday. Let me know if Thursday still "
        "works.\n\nThanks,\n{s}\n",
        "Thanks for your order. Your receipt is below.\n\nTotal: $42.00\n",
    ),
}
_QUOTE = (
    "\nOn Tue, 24 Nov 2026 at 10:02, Jordan Avery <jordan@averyworks.example> wrote:\n"
    "> Thanks, that sounds good. Let's pick it up next week.\n"
    "> \n"
    "> Jordan\n"
)
_REASONS: dict[Category, tuple[tuple[str, str], ...]] = {
    Category.BLIND_INTRO: (("introducer_cc", "meet"), ("intro_phrase", "introduce you to")),
    Category.SALES_PITCH: (("pick_your_brain", "pick your brain"), ("quick_call", "quick call")),
    Category.OPT_IN: (("asks_permission", "Would you be open to"), ("no_pressure", "no pressure")),
    Category.OTHER: (("known_thread", "Re:"),),
}
_WEIGHTS = (
    (Category.OTHER, 0.45),
    (Category.SALES_PITCH, 0.25),
    (Category.BLIND_INTRO, 0.2),
    (Category.OPT_IN, 0.1),
)


def _person(rng: random.Random) -> Address:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    domain = rng.choice(_DOMAINS)
    return Address(f"{first} {last}", f"{first.lower()}.{last.lower()}@{domain}".replace("á", "a"))


def generate(
    count: int, *, seed: int = 7, now: datetime = NOW
) -> Iterator[tuple[Message, Category]]:
    """`count` messages, newest about an hour before `now`, spread over about a year."""
    rng = random.Random(seed)
    categories = [c for c, _ in _WEIGHTS]
    weights = [w for _, w in _WEIGHTS]
    span = timedelta(days=365).total_seconds()
    for index in range(count):
        category = rng.choices(categories, weights)[0]
        sender, other = _person(rng), _person(rng)
        company = rng.choice(_DOMAINS).split(".")[0].replace("-", " ").title()
        values = {"a": other.name, "co": company, "s": sender.name.split()[0]}
        subject = rng.choice(_SUBJECTS[category]).format(**values)
        body = rng.choice(_BODIES[category]).format(**values)
        if category is Category.OTHER and rng.random() < 0.5:
            body += _QUOTE
        body += "\n" + " ".join(rng.choice(_FILLER) for _ in range(rng.randint(20, 120))) + "\n"
        age = 3600 + span * (index / max(count, 1)) + rng.random() * 600
        cc = (other,) if category is Category.BLIND_INTRO else ()
        message = Message(
            message_id=f"<gen-{seed}-{index}@inboxgen.example>",
            subject=subject,
            date=now - timedelta(seconds=age),
            from_=(sender,),
            to=(OWNER,),
            cc=cc,
            text=body,
            size=len(body) + 600,
        )
        yield message, category


_FILLER = [
    "we",
    "are",
    "the",
    "team",
    "pipeline",
    "product",
    "roadmap",
    "customers",
    "growth",
    "hiring",
    "launch",
    "quarter",
    "metrics",
    "feedback",
    "design",
    "research",
    "partners",
    "investors",
    "market",
    "pricing",
    "onboarding",
    "churn",
    "revenue",
]


def fill(store: Store, count: int, *, seed: int = 7, now: datetime = NOW) -> None:
    """Store `count` generated messages with verdicts (and a few handled ones) in `store`."""
    batch: list[tuple[Message, Location, bytes | None]] = []
    cats: list[Category] = []
    stamp = now.timestamp()

    def flush() -> None:
        new, _ = store.add_messages(batch)
        with store.db.atomic():
            for pk, category in zip(new, cats, strict=True):
                signal_rows = [
                    {"signal": s, "category": category.value, "weight": 1.5, "evidence": e}
                    for s, e in _REASONS[category]
                ]
                confidence = 0.55 if pk % 11 == 0 else 0.9
                store.db.execute(
                    "INSERT INTO verdicts (message_pk, category, confidence, reasons_json, "
                    "model_version, classified_ts) VALUES (?, ?, ?, ?, 'inboxgen', ?)",
                    [pk, category.value, confidence, json.dumps(signal_rows), stamp],
                )
                # Every fourth ask already answered: the "to triage" view leaves them out.
                if category.is_ask and pk % 4 == 0:
                    store.db.execute(
                        "INSERT INTO actions (message_pk, action, template, created_ts) "
                        "VALUES (?, ?, '', ?)",
                        [pk, "decline" if pk % 8 == 0 else "ignore", stamp],
                    )
        batch.clear()
        cats.clear()

    for message, category in generate(count, seed=seed, now=now):
        batch.append((message, Location("work", "INBOX"), None))
        cats.append(category)
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()


def build(path: Path, count: int, *, seed: int = 7, now: datetime = NOW) -> Path:
    """A store file at `path` holding `count` generated messages (created fresh)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store.open(path)
    try:
        fill(store, count, seed=seed, now=now)
    finally:
        store.close()
    return path
