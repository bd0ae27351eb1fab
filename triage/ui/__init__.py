"""The Textual triage screen (imported only by `triage` and `triage demo`, never headless)."""
