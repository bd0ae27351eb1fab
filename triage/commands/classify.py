"""Classifier commands: `classify`, `eval` a labelled corpus, `label` (and undo), `reclassify`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import getaddresses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from triage.commands.common import Context
from triage.core.categories import Category
from triage.errors import TriageError

if TYPE_CHECKING:
    from triage.core.classify import ClassifyContext
    from triage.core.verdict import Verdict

# The classifier compiles its patterns on import: only the commands that classify pay.

pass_context = click.make_pass_decorator(Context)


class EvalError(TriageError):
    """A corpus given to `triage eval` cannot be read."""

    title = "eval error"


def _context(ctx: Context, me: Sequence[str]) -> ClassifyContext:
    """The owner from `--me`, else the config; with a store, its history and corrections too."""
    from triage.core.classify import ClassifyContext

    settings = ctx.settings
    if me:
        addresses, name = owner_addresses(me)
        return ClassifyContext.for_owner(addresses, name=name or settings.owner.name)
    if settings.store_path.exists():
        from triage.adapters.verdicts import load_context

        return load_context(ctx.store(), settings)
    return ClassifyContext.for_owner(settings.owner.addresses, name=settings.owner.name)


def render_verdict(name: str, verdict: Verdict) -> str:
    """A verdict as text, reasons listed like `spamassassin -t` (weight, category, signal)."""
    category = verdict.category
    sure = "low confidence" if verdict.low_confidence else "confidence"
    lines = [f"{name}: {category.value} ({category.label}), {sure} {verdict.confidence:.2f}"]
    if verdict.reasons:
        lines.append("    pts  pushes to     signal                evidence")
        for reason in verdict.reasons:
            evidence = " ".join(reason.evidence.split())
            if len(evidence) > 70:
                evidence = evidence[:69] + "…"
            lines.append(
                f"  {reason.weight:+5.1f}  {reason.category.value:<12}  {reason.signal:<20}  "
                f"{evidence}"
            )
    else:
        lines.append("  (no signal fired: nothing here asks anything of you)")
    from triage.core.classify import OTHER_BASE

    totals = dict.fromkeys(Category, 0.0)
    totals[Category.OTHER] = OTHER_BASE
    for reason in verdict.reasons:
        totals[reason.category] += reason.weight
    if not verdict.labelled:
        lines.append(
            f"  totals: other {totals[Category.OTHER]:.1f} (starts at {OTHER_BASE:.1f}), "
            + ", ".join(f"{c.value} {round(totals[c], 1) or 0.0:.1f}" for c in Category if c.is_ask)
        )
    return "\n".join(lines)


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """A verdict as a JSON-ready dict."""
    return {
        "category": verdict.category.value,
        "confidence": verdict.confidence,
        "low_confidence": verdict.low_confidence,
        "labelled": verdict.labelled,
        "reasons": [r.as_json() for r in verdict.reasons],
    }


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TriageError(f"{path}: cannot read ({exc.strerror or exc})") from exc


@click.command("classify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--me", multiple=True, help="The mailbox owner's address (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@pass_context
def classify_command(
    ctx: Context, files: tuple[Path, ...], me: tuple[str, ...], as_json: bool
) -> None:
    """Classify .eml files and say why: category, confidence and each signal that fired.

    The owner's address comes from `--me` or the config file; who else is addressed beside
    the owner is part of the evidence. Nothing is stored.
    """
    from triage.core.classify import classify
    from triage.core.parse import parse_message

    context = _context(ctx, me)
    for path in files:
        verdict = classify(parse_message(_read(path)), context)
        if as_json:
            click.echo(json.dumps({"file": str(path), **verdict_json(verdict)}, ensure_ascii=False))
        else:
            click.echo(render_verdict(str(path), verdict))


# --- eval -------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """Scores of the classifier on a labelled corpus."""

    categories: list[Category]
    confusion: dict[Category, dict[Category, int]]
    misclassified: list[dict[str, Any]] = field(default_factory=list)

    def counts(self, category: Category) -> tuple[int, int, int]:
        """True positives, false positives, false negatives."""
        tp = self.confusion[category][category]
        fp = sum(self.confusion[o][category] for o in self.categories if o is not category)
        fn = sum(self.confusion[category][o] for o in self.categories if o is not category)
        return tp, fp, fn

    def scores(self, category: Category) -> dict[str, float]:
        """Precision, recall, F1 and support of one category."""
        tp, fp, fn = self.counts(category)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }

    @property
    def scored(self) -> list[Category]:
        """Categories that occur in the corpus or were predicted (macro-F1 averages these)."""
        return [c for c in self.categories if sum(self.counts(c))]

    @property
    def macro_f1(self) -> float:
        """The unweighted mean F1 over `scored`."""
        scored = self.scored
        if not scored:
            return 0.0
        return round(sum(self.scores(c)["f1"] for c in scored) / len(scored), 4)

    @property
    def other_flagged(self) -> int:
        """How many `other` messages were called an ask (the costliest mistake)."""
        row = self.confusion[Category.OTHER]
        return sum(n for c, n in row.items() if c.is_ask)

    def as_json(self) -> dict[str, Any]:
        """The `--json` shape."""
        return {
            "macro_f1": self.macro_f1,
            "per_category": {c.value: self.scores(c) for c in self.categories},
            "confusion": {
                e.value: {g.value: self.confusion[e][g] for g in self.categories}
                for e in self.categories
            },
            "other_flagged": self.other_flagged,
            "misclassified": self.misclassified,
        }


def owner_addresses(values: Sequence[str]) -> tuple[list[str], str]:
    """Addresses and the first name given in `--me` values ("jo@x.example", "Jo Ng <jo@...>")."""
    pairs = [(n, a) for n, a in getaddresses(list(values)) if "@" in a]
    if values and not pairs:
        raise click.BadParameter(f"{', '.join(values)!r} holds no address", param_hint="--me")
    return [a for _, a in pairs], next((n for n, _ in pairs if n), "")


def corpus_owner(corpus: Path) -> tuple[list[str], str]:
    """The owner's address and name from the corpus README's `owner:` line."""
    readme = corpus / "README.md"
    try:
        text = readme.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [], ""
    for line in text.splitlines():
        key, sep, value = line.strip().partition(":")
        if sep and key.strip().lower() == "owner" and value.strip():
            found, name = owner_addresses([value.strip()])
            if found:
                return found, name
    return [], ""


def corpus_files(corpus: Path) -> list[tuple[Category, Path]]:
    """Every (expected category, file) in a corpus: one folder per category of .eml files.

    Raises:
        EvalError: the folder is missing or holds no category folder.
    """
    if not corpus.is_dir():
        raise EvalError(f"{corpus}: not a folder")
    found: list[tuple[Category, Path]] = []
    for category in Category:
        folder = corpus / category.value
        if folder.is_dir():
            found.extend((category, p) for p in sorted(folder.glob("*.eml")))
    if not found:
        names = ", ".join(f"{c.value}/" for c in Category)
        raise EvalError(f"{corpus}: no .eml files in any of {names}")
    return found


def evaluate(items: Iterable[tuple[Category, str, bytes]], context: ClassifyContext) -> Evaluation:
    """Classify (expected, name, raw bytes) items and score the results."""
    from triage.core.classify import classify
    from triage.core.parse import parse_message

    categories = list(Category)
    confusion = {e: dict.fromkeys(categories, 0) for e in categories}
    evaluation = Evaluation(categories, confusion)
    for expected, name, raw in items:
        verdict = classify(parse_message(raw), context)
        confusion[expected][verdict.category] += 1
        if verdict.category is not expected:
            evaluation.misclassified.append(
                {
                    "file": name,
                    "expected": expected.value,
                    "got": verdict.category.value,
                    "reasons": [r.as_json() for r in verdict.reasons],
                }
            )
    return evaluation


def render_evaluation(evaluation: Evaluation, owner: Sequence[str]) -> str:
    """The human report: per-category scores, confusion matrix, misclassified files."""
    cats = evaluation.categories
    total = sum(sum(row.values()) for row in evaluation.confusion.values())
    lines = [f"{total} messages, owner {', '.join(owner) or '(unknown)'}", ""]
    lines.append(f"  {'category':<12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for c in cats:
        s = evaluation.scores(c)
        lines.append(
            f"  {c.value:<12} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} "
            f"{s['support']:>8}"
        )
    lines.append(f"  macro-F1 {evaluation.macro_f1:.3f}")
    lines.append(f"  other called an ask: {evaluation.other_flagged}")
    lines.append("")
    lines.append("  confusion (rows expected, columns got)")
    lines.append("  " + " " * 12 + "".join(f"{c.value[:11]:>12}" for c in cats))
    for e in cats:
        row = evaluation.confusion[e]
        lines.append(f"  {e.value:<12}" + "".join(f"{row[g]:>12}" for g in cats))
    if evaluation.misclassified:
        lines.append("")
        lines.append("  misclassified")
        for item in evaluation.misclassified:
            lines.append(f"  {item['file']}: expected {item['expected']}, got {item['got']}")
            for r in item["reasons"][:6]:
                evidence = " ".join(str(r["evidence"]).split())[:60]
                lines.append(
                    f"      {r['weight']:+5.1f} {r['category']:<12} {r['signal']}: {evidence}"
                )
    return "\n".join(lines)


@click.command("eval")
@click.argument("corpus", type=click.Path(path_type=Path, file_okay=False))
@click.option("--me", multiple=True, help="The owner's address (default: the README `owner:`).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object with every figure.")
@pass_context
def eval_command(ctx: Context, corpus: Path, me: tuple[str, ...], as_json: bool) -> None:
    """Score the classifier on a labelled corpus (one folder per category, see CATEGORIES.md).

    Prints precision, recall and F1 per category, macro-F1, the confusion matrix, how many
    `other` messages were called an ask, and each misclassified file with its reasons. The
    owner is `--me`, else the `owner:` line of the corpus README.
    """
    files = corpus_files(corpus)
    owner, name = owner_addresses(me) if me else corpus_owner(corpus)
    if not owner:
        raise EvalError(f"{corpus}: no `owner:` line in README.md; give --me ADDRESS")
    from triage.core.classify import ClassifyContext

    context = ClassifyContext.for_owner(owner, name=name)
    items = ((expected, str(path.relative_to(corpus)), _read(path)) for expected, path in files)
    evaluation = evaluate(items, context)
    if as_json:
        click.echo(json.dumps(evaluation.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_evaluation(evaluation, owner))


# --- corrections ------------------------------------------------------------------------------


@click.command("label")
@click.argument("message_id", required=False, type=int)
@click.argument("category", required=False, type=click.Choice([c.value for c in Category]))
@click.option(
    "--undo",
    "undo",
    is_flag=True,
    help="Undo the last correction (or the correction numbered MESSAGE_ID).",
)
@pass_context
def label_command(ctx: Context, message_id: int | None, category: str | None, undo: bool) -> None:
    """Correct a message's category; the classifier learns from it.

    \b
      triage label 42 sales_pitch   message 42 is a sales pitch
      triage label --undo           undo the last correction
      triage label --undo 7         undo correction number 7

    Message ids are those `triage list` prints. Similar mail from the same sender or
    organisation, and mail where the same signals fire, shifts towards your choice; undoing
    restores the earlier verdict and takes back exactly what was learnt.
    """
    from triage.adapters.verdicts import LabelError, label, last_label, undo_label

    store = ctx.store()
    if undo:
        if category is not None:
            raise LabelError("--undo takes at most a correction number")
        if message_id is None:
            record = last_label(store)
            if record is None:
                raise LabelError("no correction to undo")
            label_id, message_pk = record.id, record.message_pk
        else:
            label_id, message_pk = message_id, 0
        verdict = undo_label(store, label_id)
        shown = verdict.category.value if verdict else "unclassified"
        where = f"message {message_pk}" if message_pk else f"correction {label_id}'s message"
        click.echo(f"undid correction {label_id}: {where} is {shown} again")
        return
    if message_id is None or category is None:
        raise LabelError("give a message id and a category, or --undo")
    label_id = label(store, message_id, category, settings=ctx.settings)
    click.echo(
        f"message {message_id} labelled {category} (correction {label_id}; "
        "`triage label --undo` takes it back)"
    )


@click.command("reclassify")
@pass_context
def reclassify_command(ctx: Context) -> None:
    """Classify every stored message again (verdicts you corrected are kept)."""
    from triage.adapters.verdicts import reclassify

    count = reclassify(ctx.store(), ctx.settings)
    click.echo(f"reclassified {count} message{'s' if count != 1 else ''}")


COMMANDS: list[click.Command] = [classify_command, eval_command, label_command, reclassify_command]
"""Commands this module adds to the CLI."""
