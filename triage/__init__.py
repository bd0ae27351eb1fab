"""triage: a keyboard-driven terminal inbox for unsolicited introductions and asks."""

from __future__ import annotations

__version__ = "0.1.0"
