"""Markdown as plain text, for editors that cannot render markdown.

Hover text is written in markdown. A client that reads only plain text
(Emacs's Eglot without markdown-mode, say) would otherwise show the markup
itself: ``**``, backticks, ``####``, link syntax. This keeps the words and
the code, drops the markup, and spells links out.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^```[\w-]*\s*$")
_HEADING = re.compile(r"^#{1,6}\s+")
_RULE = re.compile(r"^(___+|---+|\*\*\*+)\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_CODE = re.compile(r"`([^`]+)`")


def plain_text(markdown: str) -> str:
    """``markdown`` without its markup: code blocks indented, headings and
    separators as plain lines, links as ``text <url>``, emphasis and code spans bare."""
    out: list[str] = []
    in_code = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line)
            continue
        if _RULE.match(line):
            out.append("─" * 40)
            continue
        line = _HEADING.sub("", line)
        line = _LINK.sub(r"\1 <\2>", line)
        line = _STRONG.sub(r"\2", line)
        out.append(_CODE.sub(r"\1", line))
    return "\n".join(out)
