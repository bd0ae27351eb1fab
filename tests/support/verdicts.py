"""Reading verdicts in classifier tests."""

from __future__ import annotations

from email.message import EmailMessage

from triage.core.message import Message
from triage.core.parse import parse_message
from triage.core.verdict import Verdict


def fired(verdict: Verdict, signal: str) -> list[str]:
    """The evidence of every reason named `signal`."""
    return [r.evidence for r in verdict.reasons if r.signal == signal]


def written(
    body: str,
    *,
    sender: str,
    to: str,
    cc: str = "",
    subject: str = "Hello",
    headers: dict[str, str] | None = None,
    message_id: str = "<written@tests.example>",
    calendar: bool = False,
) -> Message:
    """A message written in a test, as bytes through the real parser (a .ics when `calendar`)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    if calendar:
        mail.add_attachment(
            b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
        )
    return parse_message(bytes(mail))
