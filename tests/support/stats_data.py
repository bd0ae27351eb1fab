"""A fixed data set for the weekly stats, written row by row into a real store.

Owner zone America/Los_Angeles; "now" is Wednesday 2027-01-13 12:00 PST (2027-W02). The
expected figures in the stats tests were worked out by hand from the table below (see the
comments); nothing here computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triage.adapters.store import Location, Store
from triage.core.message import Address, Message

ZONE = "America/Los_Angeles"
NOW = datetime.fromisoformat("2027-01-13T12:00:00-08:00")
SINCE = "2026-10-26"
"""Monday of 2026-W44, the week that ends with the DST change (Sunday 2026-11-01)."""

ALICE = ("alice@connect.example", "Alice Connector")
BOB = ("bob@broker.example", "Bob Broker")
CAROL = ("carol@polite.example", "Carol Asks")
PRIYA = ("", "Priya Shah")  # only named in the text ("Priya suggested I reach out")

HOUR = 3600
DAY = 86400


@dataclass(frozen=True)
class Act:
    """One row of `actions`, `after` seconds after the message's arrival."""

    action: str
    after: float
    undone: bool = False


@dataclass(frozen=True)
class Row:
    """One message and its triage state."""

    name: str
    date: str | None
    """The Date header (ISO 8601 with offset); None for a message without one."""
    category: str | None
    introducer: tuple[str, str] = ("", "")
    acts: tuple[Act, ...] = ()
    received: str | None = None
    """When triage stored it (only matters without a Date)."""
    is_sent: bool = False
    expunged: bool = False
    relabelled_from: str | None = None
    """The classifier's category before the owner re-labelled it."""


ROWS: tuple[Row, ...] = (
    # --- 2026-W43 local (not reported), but 2026-W44 in UTC (Mon 06:30Z).
    Row("m3x", "2026-10-25T23:30:00-07:00", "blind_intro", BOB),
    # --- 2026-W44 (Mon Oct 26 00:00 PDT .. Mon Nov 2 00:00 PST: 169 hours).
    Row("m3", "2026-10-27T10:00:00-07:00", "blind_intro", BOB, (Act("ignore", DAY),)),
    Row("m4", "2026-11-01T01:30:00-08:00", "other"),  # the second 01:30, after fall-back
    # Sunday 23:30 PST = Monday 07:30Z: W44 here, W45 in UTC.
    Row("m1", "2026-11-01T23:30:00-08:00", "blind_intro", ALICE, (Act("decline", 9.5 * HOUR),)),
    # --- 2026-W45 (Mon Nov 2 00:00 PST ..).
    # Exactly at the week's first instant.
    Row("m2", "2026-11-02T00:00:00-08:00", "opt_in", CAROL, (Act("accept", 2 * HOUR),)),
    Row("m19", "2026-11-04T10:00:00-08:00", "blind_intro", PRIYA, (Act("ignore", 2 * DAY),)),
    # Monday 00:00Z = Sunday 16:00 PST: W45 here, W46 in UTC.
    Row("m18", "2026-11-09T00:00:00+00:00", "other"),
    # --- 2026-W46 .. 2026-W52: nothing.
    # --- 2026-W53 (Mon Dec 28 .. Sun Jan 3).
    # Accepted 8 days and 1 hour later: counts as accepted, not ignored.
    Row("m6", "2026-12-29T09:00:00-08:00", "blind_intro", BOB, (Act("accept", 8 * DAY + HOUR),)),
    # Re-labelled from blind_intro to other: no longer a blind intro (nor Alice's).
    Row("m7", "2026-12-30T12:00:00-08:00", "other", ALICE, relabelled_from="blind_intro"),
    # Sunday 20:00 PST = Monday 04:00Z: W53 here, 2027-W01 in UTC. No action, 9d16h old.
    Row("m5", "2027-01-03T20:00:00-08:00", "blind_intro", ALICE),
    # --- 2027-W01 (Mon Jan 4 ..).
    # Opt-in at the week's first instant, never answered, 9.5 days old: ignored.
    Row("m17", "2027-01-04T00:00:00-08:00", "opt_in", BOB),
    # Declined, then the decline undone: as if never done; 8d3h old: ignored.
    Row("m8", "2027-01-05T09:00:00-08:00", "blind_intro", BOB, (Act("decline", HOUR, True),)),
    # Ignored (undone), then asked for context: asked, first live action after 3 hours.
    Row(
        "m9",
        "2027-01-06T14:00:00-08:00",
        "blind_intro",
        ALICE,
        (Act("ignore", HOUR, True), Act("ask", 3 * HOUR)),
    ),
    # The owner's own reply, from the Sent folder: not received mail.
    Row("m14", "2027-01-06T15:00:00-08:00", "other", is_sent=True),
    # Opt-in, 6d4h old, no action: pending.
    Row("m11", "2027-01-07T08:00:00-08:00", "opt_in", CAROL),
    # A sales pitch declined after 30 minutes, then moved away on the server (expunged).
    Row(
        "m12",
        "2027-01-08T11:00:00-08:00",
        "sales_pitch",
        acts=(Act("decline", 1800),),
        expunged=True,
    ),
    # A blind intro 3d2h old, no action: pending.
    Row("m10", "2027-01-10T10:00:00-08:00", "blind_intro", BOB),
    # --- 2027-W02 (Mon Jan 11 ..), the current week.
    # No Date header: placed by when it was stored.
    Row(
        "m15",
        None,
        "opt_in",
        ALICE,
        (Act("accept", DAY),),
        received="2027-01-11T08:00:00-08:00",
    ),
    Row("m13", "2027-01-12T09:00:00-08:00", None),  # not classified yet
)


def _ts(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def insert_rows(store: Store, rows: tuple[Row, ...] = ROWS) -> dict[str, int]:
    """Write `rows` into `store`: messages through `Store.add_message`, the rest in SQL.

    Returns:
        Each row's name mapped to its message id.
    """
    ids: dict[str, int] = {}
    for n, row in enumerate(rows):
        sender = Address("Sender", f"{row.name}@sender.example")
        message = Message(
            message_id=f"<{row.name}@stats.test>",
            subject=f"message {row.name}",
            date=datetime.fromisoformat(row.date) if row.date else None,
            from_=(sender,),
            to=(Address("Jordan Avery", "jordan@averyworks.example"),),
        )
        pk = store.add_message(message, Location("work", "INBOX", 1, n + 1), is_sent=row.is_sent)
        assert pk is not None
        ids[row.name] = pk
        arrived = _ts(row.date) if row.date else _ts(row.received or "2000-01-01T00:00:00Z")
        store.db.execute(
            "UPDATE messages SET received_ts = ?, expunged = ? WHERE id = ?",
            [_ts(row.received) if row.received else arrived + 60, int(row.expunged), pk],
        )
        if row.category is not None:
            store.db.execute(
                "INSERT INTO verdicts (message_pk, category, confidence, classified_ts, "
                "labelled, introducer_addr, introducer_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    pk,
                    row.category,
                    0.9,
                    arrived + 120,
                    int(row.relabelled_from is not None),
                    row.introducer[0],
                    row.introducer[1],
                ],
            )
        if row.relabelled_from is not None:
            store.db.execute(
                "INSERT INTO labels (message_pk, category, previous, created_ts) "
                "VALUES (?, ?, ?, ?)",
                [pk, row.category, row.relabelled_from, arrived + 600],
            )
        for act in row.acts:
            store.db.execute(
                "INSERT INTO actions (message_pk, action, created_ts, undone_ts) "
                "VALUES (?, ?, ?, ?)",
                [
                    pk,
                    act.action,
                    arrived + act.after,
                    arrived + act.after + 5 if act.undone else None,
                ],
            )
    store.db.conn.commit()
    return ids
