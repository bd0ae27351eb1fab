"""Domain errors: one base with a one-line message, one subclass per area."""

from __future__ import annotations


class TriageError(Exception):
    """An error the user can act on; the CLI prints `title: message` on one line."""

    title = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"


class ConfigError(TriageError):
    """The config file is missing, unreadable or invalid."""

    title = "config error"


class StoreError(TriageError):
    """The local store cannot be opened or written."""

    title = "store error"


class ImportError_(TriageError):
    """A mail source given to `triage import` cannot be read."""

    title = "import error"


class SecretError(TriageError):
    """A password or token could not be obtained from its configured source."""

    title = "secret error"


class SyncError(TriageError):
    """Talking to the IMAP server failed in a way a retry will not fix."""

    title = "sync error"


class TemplateError(TriageError):
    """A reply template is missing or broken."""

    title = "template error"


class SendError(TriageError):
    """A reply could not be handed to the transport."""

    title = "send error"
