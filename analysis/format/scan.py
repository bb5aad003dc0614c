"""A file as the formatter sees it: a stream of lines, comments and blocks.

Prisma's formatter works from its grammar's view of a file: runs of empty
lines (one token however many), comment blocks (consecutive `//`, `///`
and `/* … */` comments with no empty line between), declarations, and in a
block body one token per member line. This module reads that stream off our
syntax tree: members come from the tree, everything between them (empty
lines, comments) is read from the text, so nothing the parser skipped is
lost.

A member line that Prisma's grammar would not read as a member (it holds a
`/* … */` comment, or it is a line our parser could not parse) is kept
*verbatim*, as Prisma keeps such lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from analysis.syntax.nodes import (
    Attribute,
    Block,
    ErrorLine,
    Member,
    TypeAlias,
)
from analysis.syntax.parse import SyntaxTree

#: Horizontal whitespace, as the grammar's `WS` terminal has it.
WHITESPACE = frozenset(" \t\u00a0\u1680\u202f\u205f\u3000\ufeff") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)


class Unformattable(Exception):
    """The text has something the formatter cannot place (at ``offset``)."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass(frozen=True, slots=True)
class Empty:
    """One or more empty lines."""


EMPTY = Empty()


@dataclass(frozen=True, slots=True)
class Comments:
    """Consecutive comments: `//…` / `///…` lines as written, `/* … */` whole."""

    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberLine:
    member: Member
    suffix: str
    """A trailing comment, as written."""
    verbatim: str | None
    """The line as written (from its first character), when it is kept as is."""

    @property
    def is_block_attribute(self) -> bool:
        return self.verbatim is None and isinstance(self.member, Attribute)


@dataclass(frozen=True, slots=True)
class BlockItem:
    block: Block
    header_comment: str
    """A comment after the `{` on the header line."""
    close_comment: str
    """A comment after the `}` on the closing line."""
    body: tuple[Empty | Comments | MemberLine, ...]


@dataclass(frozen=True, slots=True)
class AliasItem:
    text: str


Item = Empty | Comments | BlockItem | AliasItem


def _line_end(text: str, pos: int, end: int) -> int:
    """The offset of the line break at or after ``pos`` (or ``end``)."""
    n = text.find("\n", pos, end)
    r = text.find("\r", pos, end if n < 0 else n)
    if r >= 0:
        return r
    return end if n < 0 else n


def _after_break(text: str, pos: int) -> int:
    if text.startswith("\r\n", pos):
        return pos + 2
    return pos + 1 if pos < len(text) and text[pos] in "\r\n" else pos


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text

    def add(self, out: list[Any], item: object) -> None:
        if item is EMPTY:
            if out and out[-1] is EMPTY:
                return
        elif isinstance(item, Comments) and out and isinstance(out[-1], Comments):
            out[-1] = Comments(out[-1].texts + item.texts)
            return
        out.append(item)

    def region(
        self,
        out: list[Any],
        pos: int,
        end: int,
        members: dict[int, tuple[Member, int]] | None = None,
        block_comments: list[int] | None = None,
    ) -> None:
        """Scan ``text[pos:end]``: empty lines, comments and (with ``members``) member lines."""
        text = self.text
        while pos < end:
            while pos < end and text[pos] in WHITESPACE:
                pos += 1
            if pos >= end:
                return
            char = text[pos]
            if char in "\r\n":
                self.add(out, EMPTY)
                pos = _after_break(text, pos)
                continue
            if members is not None and pos in members:
                member, offset = members[pos]
                pos = self.member(out, member, offset, end, block_comments or [])
                continue
            if text.startswith("//", pos):
                stop = _line_end(text, pos, end)
                self.add(out, Comments((text[pos:stop],)))
                pos = _after_break(text, stop)
                continue
            if text.startswith("/*", pos):
                stop = text.find("*/", pos + 2, end)
                if stop < 0:
                    raise Unformattable(pos, "This `/*` comment is never closed with `*/`.")
                self.add(out, Comments((text[pos : stop + 2],)))
                pos = stop + 2
                if pos < end and text[pos] in "\r\n":
                    pos = _after_break(text, pos)  # the comment's own line break
                continue
            raise Unformattable(pos, "Unexpected text here.")

    def member(
        self, out: list[Any], member: Member, offset: int, end: int, block_comments: list[int]
    ) -> int:
        text = self.text
        start, stop = offset + member.start, offset + member.end
        line_stop = _line_end(text, stop, end)
        suffix = text[stop:line_stop].lstrip("".join(WHITESPACE))
        verbatim = None
        first = bisect.bisect_right(block_comments, start)
        if (
            isinstance(member, ErrorLine)
            or (first < len(block_comments) and block_comments[first] < stop)
            or (suffix and not suffix.startswith(("//", "/*")))
        ):
            verbatim, suffix = text[start:line_stop], ""
        self.add(out, MemberLine(member, suffix, verbatim))
        return _after_break(text, line_stop)


def scan(tree: SyntaxTree) -> list[Item]:
    """The items of a file, in order (see the module docstring)."""
    scanner = _Scanner(tree.text)
    items: list[Item] = []
    text = tree.text
    for segment in tree.segments:
        base, seg_end = segment.offset, segment.end
        node = segment.node
        if isinstance(node, Block):
            scanner.region(items, base, base + node.keyword.start)
            block = _block(scanner, node, base, seg_end)
            items.append(block)
            assert node.close_brace is not None
            after = base + node.close_brace + 1
            if block.close_comment:
                after = text.index(block.close_comment, after) + len(block.close_comment)
            scanner.region(items, after, seg_end)
        elif isinstance(node, TypeAlias):
            scanner.region(items, base, base + node.start)
            items.append(AliasItem(text[base + node.start : base + node.end]))
            scanner.region(items, base + node.end, seg_end)
        else:
            scanner.region(items, base, seg_end)
    return items


def _block(scanner: _Scanner, block: Block, base: int, seg_end: int) -> BlockItem:
    text = scanner.text
    assert block.close_brace is not None
    header_stop = _line_end(text, base + block.open_brace + 1, seg_end)
    header_comment = text[base + block.open_brace + 1 : header_stop].strip()
    members = {base + m.start: (m, base) for m in block.members}
    block_comments = sorted(base + c.start for c in block.comments if c.text.startswith("/*"))
    body: list[Empty | Comments | MemberLine] = []
    scanner.region(
        body, _after_break(text, header_stop), base + block.close_brace, members, block_comments
    )
    return BlockItem(block, header_comment, _close_comment(text, base, block, seg_end), tuple(body))


def _close_comment(text: str, base: int, block: Block, seg_end: int) -> str:
    """A comment on the closing line, after the `}`.

    Prisma moves it to a line of its own, right below the `}`; formatting
    that again puts an empty line between them (every block is followed by
    one), so Prisma's output is not stable there. Keeping the comment on the
    `}` line is.
    """
    assert block.close_brace is not None
    start = base + block.close_brace + 1
    stop = _line_end(text, start, seg_end)
    rest = text[start:stop].strip("".join(WHITESPACE))
    return rest if _ONLY_COMMENTS.fullmatch(rest) else ""


#: Comments only: `/* … */` closed on the line, and at most one `//` at the end.
_ONLY_COMMENTS = re.compile(r"(?:/\*.*?\*/[^\S\r\n]*)+(?://.*)?|//.*")
