"""Cutting a file into top-level segments, each a whole number of lines.

A segment is one declaration (with the comment lines directly above it), a
run of blank and comment lines, or one line of junk. The rules follow
Prisma's own grammar: a block runs from its header to the first line that
starts with `}`; a block whose `}` is missing ends at the next line that
starts, in column 0, a new declaration; anything else at the top level is
junk, one line at a time. Segmentation from any segment start depends only
on the text from there on, which is what lets incremental re-parsing
resynchronise with the previous segmentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from analysis.text import LINE_BREAK

SegmentKind = Literal["block", "alias", "arbitrary", "trivia", "junk"]

KEYWORDS = ("model", "view", "type", "enum", "datasource", "generator")
_KW = "|".join(KEYWORDS)
_NAME = r"[^\W_][\w-]*"
# A line start: the beginning of the text or just after a line break.
_BOL = r"(?<![^\n\r])"

# A byte order mark at the very start of the text (`^` only matches at 0)
# counts as indentation; the grammar skips it as whitespace.
_BOM = "(?:^\ufeff)?"

HEADER = re.compile(rf"{_BOM}[ \t]*({_KW})[ \t]+({_NAME})[ \t]*\{{")
ALIAS = re.compile(rf"{_BOM}[ \t]*type[ \t]+{_NAME}[ \t]*=")
ARBITRARY = re.compile(rf"{_BOM}[ \t]*{_NAME}[ \t]*\{{")
_BLANK_OR_COMMENT = re.compile(rf"{_BOM}[ \t]*(//[^\r\n]*)?(\r\n|\n|\r|$)")
_BLOCK_COMMENT_START = re.compile(rf"{_BOM}[ \t]*/\*")
_COMMENT_LINE = re.compile(r"[ \t]*//[^\r\n]*(\r\n|\n|\r)")
# Inside a body: the line that closes it, or a column-0 header that shows it
# was never closed.
_BODY_STOP = re.compile(rf"{_BOL}(?:[ \t]*(\}})|(?:{_KW})[ \t]+{_NAME}[ \t]*\{{)")
# The same after a line break, which is matched first: a search for it skips
# ahead to line breaks, where a search for `_BODY_STOP` tries every position.
_BREAK_THEN_BODY_STOP = re.compile(rf"[\n\r](?:[ \t]*(\}})|(?:{_KW})[ \t]+{_NAME}[ \t]*\{{)")


@dataclass(frozen=True, slots=True)
class Cut:
    """Where a segment lies in the text, and what the scanner saw there."""

    start: int
    end: int
    kind: SegmentKind
    closed: bool = True


def line_end(text: str, pos: int) -> int:
    """Offset just past the line break of the line containing ``pos``."""
    m = LINE_BREAK.search(text, pos)
    return m.end() if m else len(text)


def next_cut(text: str, pos: int) -> Cut:
    """The segment that starts at line start ``pos``."""
    n = len(text)
    first_end = line_end(text, pos)
    m = _BLANK_OR_COMMENT.match(text, pos)
    if m and m.end() == first_end and first_end > pos:
        # Comment lines directly above a declaration belong to it.
        cursor = first_end
        has_comment = m.group(1) is not None
        while has_comment and cursor < n:
            m2 = _BLANK_OR_COMMENT.match(text, cursor)
            end2 = line_end(text, cursor)
            if not (m2 and m2.end() == end2 and m2.group(1) is not None):
                break
            cursor = end2
        if has_comment and cursor < n and HEADER.match(text, cursor):
            return _block(text, pos, cursor)
        if has_comment:
            return Cut(pos, cursor, "trivia")
        # Blank lines: one run.
        cursor = first_end
        while cursor < n:
            m2 = _BLANK_OR_COMMENT.match(text, cursor)
            end2 = line_end(text, cursor)
            if not (m2 and m2.end() == end2 and m2.group(1) is None):
                break
            cursor = end2
        return Cut(pos, cursor, "trivia")
    opening = _BLOCK_COMMENT_START.match(text, pos)
    if opening:
        # Through the line that closes the comment (and any further comment
        # opened on that line); content after the last `*/` makes it junk.
        cursor = opening.end()
        while True:
            close = text.find("*/", cursor)
            if close < 0:
                return Cut(pos, n, "junk")
            end = line_end(text, close)
            rest = text[close + 2 : end].lstrip(" \t")
            if rest.startswith("/*"):
                cursor = end - len(rest) + 2
                continue
            if rest.strip() and not rest.startswith("//"):
                return Cut(pos, end, "junk")
            return Cut(pos, end, "trivia")
    if HEADER.match(text, pos):
        return _block(text, pos, pos)
    if ALIAS.match(text, pos):
        return Cut(pos, first_end, "alias")
    if ARBITRARY.match(text, pos):
        close = text.find("}", pos)
        if close < 0:
            return Cut(pos, n, "arbitrary", closed=False)
        return Cut(pos, line_end(text, close), "arbitrary")
    return Cut(pos, first_end, "junk")


def _block(text: str, start: int, header: int) -> Cut:
    body = line_end(text, header)
    stop = _BODY_STOP.match(text, body) or _BREAK_THEN_BODY_STOP.search(text, body)
    if stop is None:
        return Cut(start, len(text), "block", closed=False)
    if stop.group(1) is None:
        # The comment lines directly above that header are its own (its doc).
        end = stop.start() if stop.re is _BODY_STOP else stop.start() + 1
        while end > body:
            prev = _previous_line_start(text, end)
            if prev < body or not _COMMENT_LINE.match(text, prev):
                break
            end = prev
        return Cut(start, end, "block", closed=False)
    return Cut(start, line_end(text, stop.start(1)), "block")


def _previous_line_start(text: str, pos: int) -> int:
    """The start of the line before the one that starts at ``pos`` (> 0)."""
    brk = pos - 2 if text.startswith("\r\n", pos - 2) else pos - 1
    return max(text.rfind("\n", 0, brk), text.rfind("\r", 0, brk)) + 1


def cut_all(text: str, pos: int = 0) -> list[Cut]:
    cuts = []
    n = len(text)
    while pos < n:
        cut = next_cut(text, pos)
        cuts.append(cut)
        pos = cut.end
    return cuts
