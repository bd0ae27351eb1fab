"""Time to triage with replaced actions: an ignore a reply replaced still counts as triage."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from triage.actions import ActionService
from triage.adapters.migrations import migrations
from triage.adapters.statsquery import stats_report
from triage.adapters.store import Location, Store
from triage.adapters.templates import samples_dir
from triage.config import Settings, parse_settings
from triage.core.actions import Action
from triage.core.parse import parse_message

HOUR = 3600.0
T0 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC).timestamp()  # a Tuesday
NOW = datetime(2027, 1, 8, 12, 0, tzinfo=UTC)
SETTINGS = parse_settings(
    {
        "owner": {
            "name": "Jordan Avery",
            "addresses": ["jordan@averyworks.example"],
            "timezone": "UTC",
        },
        "replies": {"undo_seconds": 10},
    }
)


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.t = T0

    def __call__(self) -> float:
        return self.t


def add_intro(store: Store, n: int) -> int:
    raw = (samples_dir() / "blind_intro_cc.eml").read_bytes()
    message = parse_message(raw.replace(b"Message-ID: <", f"Message-ID: <{n}-".encode(), 1))
    pk = store.add_message(message, Location("local", "INBOX"), raw=raw)
    assert pk is not None
    store.db.execute("UPDATE messages SET date_ts = ? WHERE id = ?", [T0, pk])
    store.db.execute(
        "INSERT INTO verdicts (message_pk, category, confidence, classified_ts) "
        "VALUES (?, 'blind_intro', 1, 0)",
        [pk],
    )
    store.db.conn.commit()
    return pk


def at(clock: Clock, hours: float) -> None:
    clock.t = T0 + hours * HOUR


def test_time_to_triage_runs_to_the_first_action_not_undone(store: Store) -> None:
    clock = Clock()
    service = ActionService(store, SETTINGS, now=clock)
    replaced, undone, all_undone = add_intro(store, 1), add_intro(store, 2), add_intro(store, 3)
    # 1: ignored after 1 h, then accepted after 5 h: triaged at 1 h, outcome accepted.
    at(clock, 1)
    first = service.perform(replaced, Action.IGNORE)
    at(clock, 5)
    second = service.perform(replaced, Action.ACCEPT)
    # 2: ignored after 1 h and taken back, declined after 3 h: triaged at 3 h.
    at(clock, 1)
    taken_back = service.perform(undone, Action.IGNORE)
    assert service.undo(taken_back.action_id)
    at(clock, 3)
    service.perform(undone, Action.DECLINE)
    # 3: ignored, replaced by a decline, the decline taken back: no live action at all.
    at(clock, 1)
    service.perform(all_undone, Action.IGNORE)
    at(clock, 2)
    assert service.undo(service.perform(all_undone, Action.DECLINE).action_id)

    rows = dict(store.db.execute("SELECT id, replaced_by FROM actions").fetchall())
    assert rows[first.action_id] == second.action_id
    assert rows[taken_back.action_id] is None
    assert service.handled(replaced) is Action.ACCEPT
    assert service.handled(all_undone) is None

    report = stats_report(store, SETTINGS, now=NOW, weeks=1)
    (week,) = report.weeks
    assert week.median_triage_seconds == 2 * HOUR  # median of 1 h and 3 h
    assert report.median_triage_seconds == 2 * HOUR
    assert week.blind.as_json() == {
        "ignored": 0,
        "declined": 1,
        "accepted": 1,
        "asked": 0,
        "pending": 1,
    }


def _settings_at(path: Path) -> Settings:
    return parse_settings({"owner": SETTINGS.owner.model_dump(), "store": {"path": str(path)}})


def test_migration_finds_actions_replaced_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="0008_polish_actions_replaced")
    old.close()
    store = Store.__new__(Store)  # the store as it was: opened without the new migration
    store.db, store.path = Database(path), path
    pk = add_intro(store, 1)
    # What `perform` did before: the ignore marked undone at the accept's creation time.
    store.db.execute(
        "INSERT INTO actions (message_pk, action, created_ts, undone_ts) VALUES (?, ?, ?, ?)",
        [pk, "ignore", T0 + HOUR, T0 + 4 * HOUR],
    )
    store.db.execute(
        "INSERT INTO actions (message_pk, action, created_ts) VALUES (?, ?, ?)",
        [pk, "accept", T0 + 4 * HOUR],
    )
    store.db.conn.commit()
    store.db.close()
    reopened = Store.open(path)
    try:
        replaced_by = [
            r[0] for r in reopened.db.execute("SELECT replaced_by FROM actions ORDER BY id")
        ]
        assert replaced_by == [2, None]
        report = stats_report(reopened, _settings_at(path), now=NOW, weeks=1)
        assert report.weeks[0].median_triage_seconds == HOUR
        assert report.weeks[0].blind.accepted == 1
    finally:
        reopened.close()
