"""Reading verdicts in classifier tests."""

from __future__ import annotations

from triage.core.verdict import Verdict


def fired(verdict: Verdict, signal: str) -> list[str]:
    """The evidence of every reason named `signal`."""
    return [r.evidence for r in verdict.reasons if r.signal == signal]
