"""The reading pane's verdict line: the reasons in the classifier's order."""

from __future__ import annotations

from tests.support.verdicts import written
from triage.adapters.inbox import Detail
from triage.adapters.store import StoredMessage
from triage.core.categories import Category
from triage.core.classify import ClassifyContext, classify
from triage.core.message import Message
from triage.ui.widgets.reading_pane import render_verdict


def test_the_verdicts_own_rules_come_before_the_word_model_and_other_categories() -> None:
    message = written(
        "Hi Sam, I came across your studio and love your work. Would you be free for a "
        "coffee sometime in the next couple of weeks? I'd love to pick your brain about how "
        "you priced your first commissions. My treat, of course.",
        sender="Jake Turner <jake@brightpath.example>",
        to="Sam Okafor <sam@okafor.example>",
        subject="Coffee?",
    )
    verdict = classify(message, ClassifyContext.for_owner(["sam@okafor.example"], name="Sam"))
    assert verdict.category is Category.SALES_PITCH
    line = render_verdict(Detail(StoredMessage(1, "a", "INBOX", 1, (), Message()), verdict, None))
    shown = [r.signal for r in verdict.reasons[:6]]
    positions = [line.plain.index(signal) for signal in shown]
    assert positions == sorted(positions)
    # The strongest named rule is shown first even when the word model weighs more.
    assert line.plain.index("pick_your_brain") < line.plain.index("text_model")
