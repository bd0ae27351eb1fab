"""Widgets of the triage screen, one per module."""
