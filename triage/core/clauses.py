"""How a clause frames what follows it: asserted, or made hypothetical, offered or denied.

"I passed on your email" reports something done; "if I passed on your email", "do you
want me to pass on your email?" and "I haven't passed on your email" do not. The phrase
families that report a deed, and the name-drop reader, ask these before they count a match.
Kept apart from the phrase table so that reading a clause does not build the table.
"""

from __future__ import annotations

import re

_SENTENCE_START = re.compile(r".*[.!?\n]", re.DOTALL)
_CONDITION = re.compile(r"\s*(?:if|should you|in case)\b[^.!?\n]*,", re.IGNORECASE)
"""A sentence that begins with a condition and puts what follows its comma under it."""
_CLAUSE_START = re.compile(r".*[.,;:!?\n(]", re.DOTALL)
_UNASSERTING = frozenset(
    ["if", "whether", "before", "unless", "not", "never", "haven't", "hasn't", "didn't", "won't"]
)
"""Words that make the rest of their clause hypothetical or deny it."""


def unasserted(source: str, start: int) -> bool:
    """True when the clause before `start` makes what follows hypothetical or denied.

    So does a sentence that opens with a condition ("If you fancy it, I'll put you in touch").
    """
    sentence = _SENTENCE_START.match(source[max(0, start - 120) : start])
    opening = source[max(0, start - 120) + (sentence.end() if sentence else 0) : start]
    if _CONDITION.match(opening):
        return True
    before = source[max(0, start - 60) : start]
    if _OFFERED.search(before):
        return True
    clause = _CLAUSE_START.match(before)
    if clause:
        before = before[clause.end() :]
    return not _UNASSERTING.isdisjoint(before.lower().replace("\u2019", "'").split())


_OFFERED = re.compile(
    r"\b(?:(?:do|would) you (?:want|like) me to|(?:want|like) me to|(?:shall|should|may|can|"
    r"could) I)\s+$",
    re.IGNORECASE,
)
"""An offer put as a question ("Do you want me to put you two in touch?"): nothing done yet."""


_PERMITTED = re.compile(
    r"[^.!?\n]{0,30}?\bwith your (?:kind )?(?:permission|consent|blessing|ok|okay|approval|"
    r"go-ahead)\b",
    re.IGNORECASE,
)


def permitted(source: str, end: int) -> bool:
    """True when the clause goes on to say it was done with the owner's permission."""
    return _PERMITTED.match(source, end) is not None
