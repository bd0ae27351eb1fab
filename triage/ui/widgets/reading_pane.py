"""The reading pane: headers, the verdict and its reasons, and the text with quotes folded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from triage.adapters.inbox import Detail
from triage.core.actions import Action
from triage.core.categories import Category
from triage.core.message import Address
from triage.core.verdict import Verdict

MAX_SHOWN = 20_000
"""Characters of text drawn (a longer message is cut, with a note)."""

EVIDENCE_STYLE = "bold $text-warning on $warning-muted"
"""How the phrases that made the verdict are marked in the text."""
QUOTE_STYLE = "italic $text-muted"

_QUOTE_LINE = re.compile(r"^\s*>")
_ATTRIBUTION = re.compile(
    r"^\s*(On .{0,200}wrote:|Le .{0,200}a écrit ?:|Am .{0,200}schrieb .*:)\s*$"
)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE)

CATEGORY_STYLES: dict[Category, str] = {
    Category.BLIND_INTRO: "bold $text-warning",
    Category.SALES_PITCH: "bold $text-error",
    Category.OPT_IN: "bold $text-success",
    Category.OTHER: "bold $text-muted",
}
DONE_WORDS: dict[Action, str] = {
    Action.DECLINE: "Declined",
    Action.ACCEPT: "Accepted",
    Action.ASK: "Asked for context",
    Action.IGNORE: "Ignored",
}


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines of the text: what the sender wrote, or a quote of earlier mail."""

    text: str
    quoted: bool

    @property
    def lines(self) -> int:
        """How many lines the block has."""
        return self.text.count("\n") + (0 if self.text.endswith("\n") else 1)


def split_quotes(text: str) -> list[Block]:
    """Cut `text` into written and quoted blocks.

    Quoted: lines starting with ">", the "On … wrote:" line introducing them, and everything
    after an "-----Original Message-----" line.
    """
    lines = text.splitlines(keepends=True)
    kinds = [bool(_QUOTE_LINE.match(line)) for line in lines]
    for i, line in enumerate(lines):
        if _ORIGINAL.match(line):
            for j in range(i, len(lines)):
                kinds[j] = True
            break
        if _ATTRIBUTION.match(line):
            following = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
            if following is None or kinds[following]:
                kinds[i] = True
    blocks: list[Block] = []
    for line, quoted in zip(lines, kinds, strict=True):
        if blocks and blocks[-1].quoted == quoted:
            blocks[-1] = Block(blocks[-1].text + line, quoted)
        else:
            blocks.append(Block(line, quoted))
    return blocks


def _addresses(addresses: tuple[Address, ...]) -> str:
    return ", ".join(str(a) for a in addresses)


def _mark(content: Content, phrases: list[str]) -> Content:
    plain = content.plain.casefold()
    for phrase in phrases:
        needle = phrase.casefold()
        start = plain.find(needle)
        while start != -1:
            content = content.stylize(EVIDENCE_STYLE, start, start + len(needle))
            start = plain.find(needle, start + len(needle))
    return content


def evidence_phrases(verdict: Verdict | None) -> list[str]:
    """The evidence of the verdict's reasons worth finding in the text (3+ characters)."""
    if verdict is None:
        return []
    found = {r.evidence.strip().strip("\"'“”") for r in verdict.reasons}
    return sorted((p for p in found if len(p) >= 3), key=len, reverse=True)


def render_header(detail: Detail) -> Content:
    """From; To and Cc (names, to fit); the Subject with the date."""
    m = detail.stored.message
    lines = [
        Content.assemble(("From ", "$text-muted"), (_addresses(m.from_) or "(no sender)", "bold"))
    ]
    if m.to or m.cc:
        to = Content.assemble(("To   ", "$text-muted"), ", ".join(a.display for a in m.to))
        if m.cc:
            to = to + Content.assemble(("  Cc ", "$text-muted"), ", ".join(a.display for a in m.cc))
        lines.append(to)
    subject = _mark(
        Content.styled(m.subject or "(no subject)", "bold"), evidence_phrases(detail.verdict)
    )
    if m.date is not None:
        when: datetime = m.date
        subject = subject + Content.styled(f"  {when:%a %d %b %Y %H:%M}", "$text-muted")
    lines.append(subject)
    return Content("\n").join(lines)


def render_verdict(detail: Detail) -> Content:
    """The category, how sure, whether handled, and each reason with its weight and evidence."""
    verdict = detail.verdict
    if verdict is None:
        head = Content.styled("Not classified yet", "$text-muted")
    else:
        how = "set by you" if verdict.labelled else f"{verdict.confidence:.0%} sure"
        if verdict.low_confidence:
            how += " — uncertain"
        head = Content.assemble(
            (verdict.category.label, CATEGORY_STYLES[verdict.category]), (f"  {how}", "$text-muted")
        )
    if detail.action is not None:
        head = head + Content.styled(f"  · {DONE_WORDS[detail.action]}", "bold $text-success")
    if verdict is None or not verdict.reasons:
        return head
    # The reasons run on as one wrapped paragraph: the text below needs the lines more. They
    # come in the classifier's order: the verdict's own named rules, then the word model's
    # reading, then what pushed elsewhere.
    reasons = []
    for reason in verdict.reasons[:6]:
        evidence = f" “{reason.evidence}”" if reason.evidence else ""
        reasons.append(
            Content.assemble(
                (f"{reason.weight:+.1f} ", "$text-muted"),
                (reason.signal, "$text-accent"),
                (evidence, ""),
            )
        )
    return Content("\n").join([head, Content(" · ").join(reasons)])


def render_body(detail: Detail, *, show_quotes: bool = False) -> Content:
    """The readable text, quoted parts folded to one line each, evidence marked."""
    text = detail.stored.message.text or "(no text)"
    cut = len(text) > MAX_SHOWN
    text = text[:MAX_SHOWN]
    parts: list[Content] = []
    for block in split_quotes(text.rstrip() + "\n"):
        if not block.quoted:
            parts.append(Content(block.text))
        elif show_quotes:
            parts.append(Content.styled(block.text, QUOTE_STYLE))
        else:
            n = block.lines
            parts.append(
                Content.styled(f"▸ {n} quoted line{'s' if n != 1 else ''} (z shows)\n", QUOTE_STYLE)
            )
    body = Content("").join(parts)
    if cut:
        body = body + Content.styled("\n… (long message cut here)", "$text-muted")
    if detail.stored.message.notes:
        body = body + Content.styled(
            "\n\nnote: " + "; ".join(detail.stored.message.notes), "$text-muted"
        )
    return _mark(body.rstrip(), evidence_phrases(detail.verdict))


@dataclass(frozen=True, slots=True)
class Rendered:
    """The pane's three parts, built off the UI thread."""

    message_pk: int
    header: Content
    verdict: Content
    body: Content
    has_quotes: bool


def render_detail(detail: Detail, *, show_quotes: bool = False) -> Rendered:
    """Everything the pane shows for one message (pure: safe in a worker thread)."""
    blocks = split_quotes(detail.stored.message.text[:MAX_SHOWN])
    return Rendered(
        detail.stored.id,
        render_header(detail),
        render_verdict(detail),
        render_body(detail, show_quotes=show_quotes),
        any(b.quoted for b in blocks),
    )


class ReadingPane(VerticalScroll):
    """Shows one message; empty with a hint when nothing is selected."""

    DEFAULT_CSS = """
    ReadingPane {
        & > #pane-header { padding: 0 1; }
        & > #pane-verdict {
            border: round $secondary;
            border-title-color: $text-secondary;
            padding: 0 1;
            margin: 0 1;
        }
        & > #pane-body { padding: 1 1 0 1; }
        & > #pane-empty { color: $text-muted; padding: 1 2; }
    }
    """

    def compose(self) -> ComposeResult:
        """Header, verdict box, body."""
        yield Static(id="pane-empty")
        yield Static(id="pane-header")
        yield Static(id="pane-verdict")
        yield Static(id="pane-body")

    def on_mount(self) -> None:
        """Start empty."""
        self.clear("Nothing selected.")

    message_pk: int | None = None
    """The message shown (None when empty)."""

    def clear(self, hint: str) -> None:
        """Show a hint instead of a message."""
        self.message_pk = None
        self.query_one("#pane-empty", Static).update(hint)
        self.query_one("#pane-empty").display = True
        for part in ("#pane-header", "#pane-verdict", "#pane-body"):
            self.query_one(part).display = False

    def show(self, rendered: Rendered) -> None:
        """Show a rendered message, scrolled to its top when it is a different message."""
        same = rendered.message_pk == self.message_pk
        self.message_pk = rendered.message_pk
        self.query_one("#pane-empty").display = False
        self.query_one("#pane-header", Static).update(rendered.header)
        verdict = self.query_one("#pane-verdict", Static)
        verdict.update(rendered.verdict)
        verdict.border_title = "Why"
        verdict.border_subtitle = "l relabel"
        self.query_one("#pane-body", Static).update(rendered.body)
        for part in ("#pane-header", "#pane-verdict", "#pane-body"):
            self.query_one(part).display = True
        if not same:
            self.scroll_home(animate=False)
