"""`python -m triage` runs the command line."""

from __future__ import annotations

from triage.cli import main

main()
