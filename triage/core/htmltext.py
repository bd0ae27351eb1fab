"""HTML mail bodies to readable plain text (inscriptis keeps paragraphs, lists and tables)."""

from __future__ import annotations

import re

_BLANK_RUNS = re.compile(r"\n[ \t]*\n([ \t]*\n)+")
_TRAILING = re.compile(r"[ \t]+\n")


def html_to_text(html: str) -> str:
    """Convert an HTML document or fragment to text; collapses runs of blank lines.

    Raises:
        Exception: whatever the converter raises on input it cannot handle; callers record it.
    """
    if not html.strip():
        return ""
    # Imported here: lxml is not needed by anything that never meets an HTML body.
    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    text: str = get_text(html, ParserConfig(display_links=False, display_images=False))
    text = _TRAILING.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")
