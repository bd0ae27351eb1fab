"""Which probe fixtures the classifier misses, against the lists the tests hold.

    .venv/bin/python -m tools.probe_misses

Classifies every fixture under `tests/fixtures/classify` twice, with the rules alone and with
the word model (as `tests/core/test_classify.py::test_probe_corpus` does), and prints what
differs from `KNOWN_MISSES` and `WORD_MODEL_MISSES`: the entries to add after a new probe round
or a retrain, and the ones to remove after a fix. Exit status 1 when the lists are out of date.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from tests.core.test_classify import KNOWN_MISSES, WORD_MODEL_MISSES
from tools.train_text_model import corpora
from triage.commands.classify import corpus_files, corpus_owner
from triage.core.classify import ClassifyContext, classify
from triage.core.parse import parse_message


def misses() -> tuple[dict[str, str], dict[str, str]]:
    """(rules alone, with the word model): fixture key -> the category it got."""
    alone: dict[str, str] = {}
    both: dict[str, str] = {}
    for folder in corpora():
        owner, name = corpus_owner(folder)
        context = ClassifyContext.for_owner(owner, name=name)
        for category, path in corpus_files(folder):
            message = parse_message(path.read_bytes())
            key = f"{folder.name}/{category.value}/{path.name}"
            for found, model in ((alone, False), (both, True)):
                got = classify(message, replace(context, text_model=model)).category
                if got is not category:
                    found[key] = got.value
    return alone, both


def main() -> int:
    alone, both = misses()
    stale = False
    for title, found, listed in (
        ("rules alone (KNOWN_MISSES)", alone, set(KNOWN_MISSES)),
        ("with the word model (WORD_MODEL_MISSES)", both, set(WORD_MODEL_MISSES)),
    ):
        new = sorted(set(found) - listed)
        gone = sorted(listed - set(found))
        print(f"{title}: {len(found)} missed")
        for key in new:
            print(f"  add     {key}  (got {found[key]})")
        for key in gone:
            print(f"  remove  {key}")
        stale = stale or bool(new or gone)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
