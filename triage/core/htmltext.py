"""HTML mail bodies to readable plain text (inscriptis keeps paragraphs, lists and tables)."""

from __future__ import annotations

import re

_BLANK_RUNS = re.compile(r"\n{3,}")
_GAPS = re.compile(r"[ \t]{4,}")
MAX_INDENT = 8
"""Leading blanks kept per line; layout tables nest far deeper than any real indent."""


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
    text = "\n".join(_tidy(line) for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def _tidy(line: str) -> str:
    """One line of converted text without the padding of layout tables.

    inscriptis lays table cells out side by side, so a newsletter built from nested tables
    becomes lines of thousands of blanks; keep a short indent and a visible gap instead.
    (Stripped line by line: a trailing-blank regex is quadratic on such runs.)
    """
    body = line.strip(" \t")
    if not body:
        return ""
    indent = min(len(line) - len(line.lstrip(" \t")), MAX_INDENT)
    return " " * indent + _GAPS.sub("   ", body)
