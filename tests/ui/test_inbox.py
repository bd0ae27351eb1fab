"""Drive the real triage screen over a real store file: every key and flow of issue 6."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input

from tests.ui.conftest import AppFactory, make_settings, settle
from triage.adapters import inbox
from triage.adapters.inbox import TRIAGE, View
from triage.adapters.store import Store
from triage.core.categories import Category
from triage.ui.dialogs.help import HelpDialog
from triage.ui.dialogs.label_picker import LabelPicker
from triage.ui.dialogs.reply_preview import ReplyPreview
from triage.ui.screens.inbox import InboxScreen
from triage.ui.widgets.category_tabs import CategoryTabs
from triage.ui.widgets.message_list import MessageList
from triage.ui.widgets.reading_pane import ReadingPane
from triage.ui.widgets.status_bar import StatusBar


def _store(path: Path) -> Store:
    return Store.open(path)


def _expected_first(path: Path, view: View, n: int = 5) -> list[int]:
    store = _store(path)
    try:
        return [r.id for r in inbox.page(store, view, 0, n)]
    finally:
        store.close()


def _actions(path: Path, message_pk: int) -> list[tuple[str, float | None]]:
    store = _store(path)
    try:
        rows = store.db.execute(
            "SELECT action, undone_ts FROM actions WHERE message_pk = ? ORDER BY id", [message_pk]
        ).fetchall()
        return [(r[0], r[1]) for r in rows]
    finally:
        store.close()


def _outbox(path: Path, message_pk: int) -> list[tuple[str, bytes]]:
    store = _store(path)
    try:
        rows = store.db.execute(
            "SELECT status, raw FROM outbox WHERE message_pk = ? ORDER BY id", [message_pk]
        ).fetchall()
        return [(r[0], r[1]) for r in rows]
    finally:
        store.close()


def _parts(app: object) -> tuple[InboxScreen, MessageList, ReadingPane]:
    screen = app.inbox  # type: ignore[attr-defined]
    assert isinstance(screen, InboxScreen)
    return screen, screen.query_one(MessageList), screen.query_one(ReadingPane)


async def test_opens_on_unhandled_asks_oldest_first(
    app_factory: AppFactory, store_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, pane = _parts(app)
        store = _store(store_path)
        counts = inbox.counts(store)
        store.close()
        assert screen.query_one(CategoryTabs).counts == counts
        assert listing.window.view == TRIAGE
        assert listing.window.total == counts.to_triage > 0
        first = [listing.window.get(i) for i in range(5)]
        assert [r.id for r in first if r] == _expected_first(store_path, TRIAGE)
        stamps = [r.ts for r in first if r and r.ts is not None]
        assert stamps == sorted(stamps)  # oldest first
        assert all(r.action is None and r.category and r.category.is_ask for r in first if r)
        assert pane.message_pk == first[0].id if first[0] else False


async def test_cursor_keys_move_and_the_pane_follows(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, pane = _parts(app)
        total = listing.window.total
        await pilot.press("j", "j")
        await settle(pilot)
        assert listing.cursor == 2
        assert pane.message_pk == listing.window.get(2).id  # type: ignore[union-attr]
        await pilot.press("k")
        assert listing.cursor == 1
        await pilot.press("G")
        await settle(pilot)
        assert listing.cursor == total - 1
        assert pane.message_pk == listing.window.get(total - 1).id  # type: ignore[union-attr]
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("pagedown")
        assert listing.cursor == listing.size.height - 1
        await pilot.press("pageup")
        assert listing.cursor == 0
        await pilot.press("down", "up", "end", "home")
        assert listing.cursor == 0


async def test_tab_and_number_keys_switch_views(app_factory: AppFactory, store_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, _ = _parts(app)
        order = [TRIAGE, *(View.of(c) for c in Category)]
        for expected in order[1:]:
            await pilot.press("tab")
            await settle(pilot)
            assert listing.window.view == expected
            assert screen.query_one(CategoryTabs).active == expected
        await pilot.press("tab")
        assert listing.window.view == TRIAGE
        await pilot.press("shift+tab")
        assert listing.window.view == View.of(Category.OTHER)
        await pilot.press("2")
        await settle(pilot)
        sales = View.of(Category.SALES_PITCH)
        assert listing.window.view == sales
        first = listing.window.get(0)
        assert first is not None
        assert first.id == _expected_first(store_path, sales)[0]
        assert first.category is Category.SALES_PITCH
        await pilot.press("0")
        assert listing.window.view == TRIAGE


async def test_clicking_a_tab_and_a_row(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, listing, pane = _parts(app)
        tabs = screen.query_one(CategoryTabs)
        span = next(s for s in tabs._spans if s[2] == View.of(Category.OPT_IN))
        await pilot.click(CategoryTabs, offset=(span[0] + 2, 0))
        await settle(pilot)
        assert listing.window.view == View.of(Category.OPT_IN)
        await pilot.click(MessageList, offset=(10, 3))
        await settle(pilot)
        assert listing.cursor == 3
        assert pane.message_pk == listing.window.get(3).id  # type: ignore[union-attr]


async def test_search_finds_sender_subject_and_text(
    app_factory: AppFactory, store_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, pane = _parts(app)
        await pilot.press("4")
        await settle(pilot)
        other = listing.window.get(0)
        assert other is not None
        surname = other.sender.split()[-1]
        await pilot.press("slash")
        search = screen.query_one("#search", Input)
        assert search.has_focus
        await pilot.press(*surname.lower(), "enter")
        await settle(pilot)
        assert listing.has_focus
        assert listing.window.view.kind == "search"
        rows = [listing.window.get(i) for i in range(listing.window.total)]
        assert other.id in [r.id for r in rows if r]
        store = _store(store_path)
        expected = inbox.search(store, surname.lower())
        store.close()
        assert [r.id for r in rows if r] == expected
        # Text: a phrase only in the bodies of sales pitches.
        await pilot.press("slash", *"pick your bra", "enter")
        await settle(pilot)
        found = [listing.window.get(i) for i in range(min(10, listing.window.total))]
        assert found
        assert all(r is not None for r in found)
        assert pane.message_pk == found[0].id  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
        assert listing.window.view == View.of(Category.OTHER)
        assert not search.display


async def test_decline_previews_then_queues_with_a_countdown_and_undo(
    app_factory: AppFactory, store_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        total = listing.window.total
        await pilot.press("d")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ReplyPreview)
        assert any(name == "To" for name, _ in preview.headers)
        assert preview.body.strip()
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert _actions(store_path, target.id) == [("decline", None)]
        outbox = _outbox(store_path, target.id)
        assert [s for s, _ in outbox] == ["queued"]
        # Handled: it leaves the "to triage" view; the countdown shows.
        assert listing.window.total == total - 1
        assert listing.current is not None
        assert listing.current.id != target.id
        status = screen.query_one(StatusBar)
        assert status.remaining() == 10
        assert "leaves in 10s · u undo" in status.render().plain
        await pilot.press("u")
        await settle(pilot)
        assert _actions(store_path, target.id)[0][1] is not None  # undone
        assert [s for s, _ in _outbox(store_path, target.id)] == ["cancelled"]
        assert listing.window.total == total
        assert status.remaining() is None
        assert "Undone" in status.undo_text


async def test_cancel_in_the_preview_sends_nothing(
    app_factory: AppFactory, store_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        for key in ("a", "c"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ReplyPreview)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert _actions(store_path, target.id) == []
        assert _outbox(store_path, target.id) == []


async def test_edit_in_editor_changes_what_is_sent(
    app_factory: AppFactory, store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text('Edited by hand: thanks, but no.\\n' + p.read_text())\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, ReplyPreview)
        assert preview.body.startswith("Edited by hand")
        await pilot.click("#send")
        await settle(pilot)
        [(status, raw)] = _outbox(store_path, target.id)
        assert status == "queued"
        assert b"Edited by hand" in raw


async def test_accept_and_ask_record_their_action(
    app_factory: AppFactory, store_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        first = listing.current
        assert first is not None
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        second = listing.current
        assert second is not None
        assert second.id != first.id
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert _actions(store_path, first.id) == [("accept", None)]
        assert _actions(store_path, second.id) == [("ask", None)]


async def test_ignore_then_undo(app_factory: AppFactory, store_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)  # no preview for ignore
        assert _actions(store_path, target.id) == [("ignore", None)]
        assert _outbox(store_path, target.id) == []
        assert "Ignored" in screen.query_one(StatusBar).undo_text
        await pilot.press("u")
        await settle(pilot)
        assert _actions(store_path, target.id)[0][1] is not None
        assert listing.current is not None
        assert listing.current.id == target.id
        await pilot.press("u")  # nothing left: a notification, no error
        await settle(pilot)
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


async def test_without_previews_a_reply_goes_straight_to_the_outbox(
    app_factory: AppFactory, store_path: Path, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, store_path, preview=False)
    app = app_factory(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert [s for s, _ in _outbox(store_path, target.id)] == ["queued"]


async def test_relabel_through_the_picker_and_undo(
    app_factory: AppFactory, store_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, pane = _parts(app)
        target = listing.current
        assert target is not None
        assert target.category is not None
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LabelPicker)
        await pilot.press("4")
        await settle(pilot)
        store = _store(store_path)
        verdict = inbox.verdict_of(store, target.id)
        store.close()
        assert verdict is not None
        assert verdict.category is Category.OTHER
        assert verdict.labelled
        # "Other" is not an ask: it left the triage view.
        assert listing.current is not None
        assert listing.current.id != target.id
        await pilot.press("u")
        await settle(pilot)
        store = _store(store_path)
        verdict = inbox.verdict_of(store, target.id)
        store.close()
        assert verdict is not None
        assert verdict.category is target.category
        assert listing.current is not None
        assert listing.current.id == target.id
        assert pane.message_pk == target.id
        # Escape in the picker changes nothing.
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_help_lists_every_key(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, HelpDialog)
        text = " ".join(f"{k} {w}" for _, keys in dialog.groups for k, w in keys)
        for binding in [*InboxScreen.BINDINGS, *MessageList.BINDINGS, *type(app).BINDINGS]:
            key = binding.key.split(",")[0]  # type: ignore[union-attr]
            shown = {
                "question_mark": "?",
                "slash": "/",
                "shift+tab": "shift+Tab",
                "tab": "Tab",
                "escape": "Esc",
                "down": "↓",
                "up": "↑",
                "home": "Home",
                "end": "End",
                "pagedown": "PgDn",
                "pageup": "PgUp",
                "enter": "Enter",
            }.get(key, key)
            assert shown in text, f"{key} missing from help"
        await pilot.press("escape")
        assert isinstance(app.screen, InboxScreen)


async def test_quotes_fold_and_unfold(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, pane = _parts(app)
        await pilot.press("4")
        await settle(pilot)
        body = pane.query_one("#pane-body")
        for _ in range(20):  # find an "other" message with a quoted reply
            if "quoted line" in str(body.render()):
                break
            await pilot.press("j")
            await settle(pilot)
        assert "quoted lines (z shows)" in str(body.render())
        await pilot.press("z")
        await settle(pilot)
        assert "> Thanks, that sounds good" in str(body.render())
        assert screen.show_quotes


async def test_evidence_is_marked_in_the_text(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, pane = _parts(app)
        await pilot.press("2")
        await settle(pilot)
        verdict = pane.query_one("#pane-verdict")
        assert "pick_your_brain" in str(verdict.render()) or "quick_call" in str(verdict.render())
        body = pane.query_one("#pane-body").render()
        assert isinstance(body, Content)
        spans = [s for s in body.spans if "warning" in str(s.style)]
        marked = {body.plain[s.start : s.end].lower() for s in spans}
        assert marked & {"pick your brain", "quick call"}


async def test_command_palette_runs_an_action(app_factory: AppFactory, store_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Ignore")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert _actions(store_path, target.id) == [("ignore", None)]


async def test_theme_switch_and_quit(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("T")
        assert app.theme == "textual-light"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_stats_screen_opens_with_s(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        from triage.ui.screens.stats import StatsScreen

        assert type(app.screen).__name__ == StatsScreen.__name__
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.inbox


async def test_the_outbox_sends_after_the_undo_window(store_path: Path, tmp_path: Path) -> None:
    from triage.ui.app import make_app

    settings = make_settings(tmp_path, store_path, undo_seconds=0.2)
    app = make_app(settings, store_path, sync=False, outbox=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("s")
        for _ in range(100):
            await pilot.pause(0.1)
            if [s for s, _ in _outbox(store_path, target.id)] == ["sent"]:
                break
        assert [s for s, _ in _outbox(store_path, target.id)] == ["sent"]
        assert list((tmp_path / "outbox").glob("*.eml"))
        await pilot.press("u")  # too late: the reply left
        await settle(pilot)
        assert _actions(store_path, target.id) == [("decline", None)]


async def test_an_error_is_a_notification_not_a_traceback(
    app_factory: AppFactory, store_path: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates" / "decline"
    templates.mkdir(parents=True)
    for name in ("blind_intro", "sales_pitch", "opt_in", "default"):
        (templates / f"{name}.txt.j2").write_text("Hello {{ no_such_variable }\n")
    settings = make_settings(tmp_path, store_path, template_dir=str(tmp_path / "templates"))
    app = app_factory(settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _, listing, _ = _parts(app)
        target = listing.current
        assert target is not None
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors, "a broken template must be reported"
        assert _actions(store_path, target.id) == []


async def test_a_read_that_returns_after_the_widgets_are_gone_is_dropped(
    app_factory: AppFactory,
) -> None:
    # The detail, the counts and a search are read off the UI thread: when the app closes
    # while one is awaited, the screen's widgets can be gone by the time it returns (seen
    # once in the live-sync test as NoMatches for MessageList at exit).
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, listing, _ = _parts(app)
        first = listing.window.get(0)
        assert first is not None
        await listing.remove()
        for worker in (screen.load_detail(first.id), screen.reload(), screen.run_search("a")):
            await worker.wait()
        assert all(w.error is None for w in (*app.workers,))
