"""The benchmark's baseline: a bare imapclient loop fetching what `triage sync` fetches.

    python benchmarks/sync_bare.py HOST PORT USER BATCH   (password in TRIAGE_TEST_IMAP_PASSWORD)

Run as its own process by benchmarks/sync.py, so it pays interpreter start-up like `triage
sync` does; it imports only imapclient and triage's BODYSTRUCTURE reader.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from imapclient import IMAPClient  # noqa: E402

from triage.core.sync import TEXT_LIMIT, pick_text_part  # noqa: E402


def bare_loop(host: str, port: int, user: str, password: str, batch: int) -> float:
    """Fetch exactly what triage fetches from INBOX, parsing only BODYSTRUCTURE; seconds."""
    started = time.perf_counter()
    imap = IMAPClient(host, port, ssl=False)
    imap.login(user, password)
    imap.enable("CONDSTORE")
    imap.select_folder("INBOX", readonly=True)
    uids = imap.search("ALL")
    for i in range(0, len(uids), batch):
        members = uids[i : i + batch]
        fetched = imap.fetch(
            members, ["RFC822.SIZE", "FLAGS", "BODY.PEEK[HEADER]", "MODSEQ", "BODYSTRUCTURE"]
        )
        sections: dict[str, list[int]] = {}
        for uid, data in fetched.items():
            part = pick_text_part(data[b"BODYSTRUCTURE"])
            if part.section:
                sections.setdefault(part.section, []).append(uid)
        for section, wanted in sections.items():
            imap.fetch(wanted, [f"BODY.PEEK[{section}]<0.{TEXT_LIMIT}>"])
    imap.logout()
    return time.perf_counter() - started


if __name__ == "__main__":
    host, port, user, batch = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    bare_loop(host, port, user, os.environ["TRIAGE_TEST_IMAP_PASSWORD"], batch)
