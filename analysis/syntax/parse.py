"""The tolerant parser: text → segments → syntax nodes, and re-parsing after edits.

Each segment is parsed on its own. A block that does not parse as a whole
is parsed line by line (like Prisma's ``BLOCK_LEVEL_CATCH_ALL``): lines
that still fail become :class:`ErrorLine` nodes with a message that says
what was expected there, and the rest of the block is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from analysis.syntax.build import (
    TreeBuilder,
    _with_trivia,
    comments_in,
    doc_before_first,
    trailing_comment,
)
from analysis.syntax.grammar import parser
from analysis.syntax.nodes import (
    Block,
    BlockKind,
    Comment,
    ErrorLine,
    Ident,
    Member,
    Parsed,
    SyntaxIssue,
    Trivia,
    TypeAlias,
)
from analysis.syntax.segments import HEADER, Cut, cut_all, line_end, next_cut
from analysis.text import TextEdit

_COMMENT = re.compile(r"//[^\r\n]*|/\*.*?\*/", re.S)
_LINE = re.compile(r"[^\r\n]*(\r\n|\n|\r|$)")

_LINE_START = {
    "model": "model_line",
    "view": "model_line",
    "type": "model_line",
    "enum": "enum_line",
    "datasource": "config_line",
    "generator": "config_line",
}

_WHAT = {
    "model_line": "a field (`name Type @attribute`) or a block attribute (`@@…`)",
    "enum_line": "an enum value (`NAME @map(\"…\")`) or a block attribute (`@@…`)",
    "config_line": "a property (`key = value`)",
}

_TERMINALS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": 'a string ("…")',
    "NL": "the end of the line",
    "$END": "the end of the line",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "COMMA": "`,`",
    "COLON": "`:`",
    "DOT": "`.`",
    "EQUALS": "`=`",
    "LIST": "`[]`",
    "OPTIONAL": "`?`",
    "BANG": "`!`",
    "LEGACY_COLON": "`:`",
    "FIELD_ATTR": "an attribute (`@…`)",
    "BLOCK_ATTR": "a block attribute (`@@…`)",
    "UNSUPPORTED": "`Unsupported(\"…\")`",
    "MODEL_KW": "`model`, `view` or `type`",
    "ENUM_KW": "`enum`",
    "CONFIG_KW": "`datasource` or `generator`",
}


def describe_expected(expected: set[str] | frozenset[str]) -> str:
    names = sorted({_TERMINALS.get(t, t) for t in expected if t not in ("WS", "COMMENT")})
    if not names:
        return "nothing more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _found(error: UnexpectedInput, text: str) -> str:
    if isinstance(error, UnexpectedToken):
        tok = error.token
        if tok.type in ("$END", "NL"):
            return "the end of the line"
        return f"`{tok}`"
    if isinstance(error, UnexpectedCharacters):
        pos = error.pos_in_stream
        return f"`{text[pos]}`" if pos < len(text) else "the end of the line"
    return "the end of the line"


def _error_offset(error: UnexpectedInput, text: str) -> int:
    if isinstance(error, UnexpectedToken) and error.token.type == "$END":
        return len(text.rstrip())
    if isinstance(error, UnexpectedEOF):
        return len(text.rstrip())
    pos = error.pos_in_stream
    return pos if pos is not None else 0


def _expected(error: UnexpectedInput) -> set[str]:
    if isinstance(error, UnexpectedToken):
        return set(error.accepts or error.expected)
    if isinstance(error, UnexpectedCharacters):
        return set(error.allowed or ())
    if isinstance(error, UnexpectedEOF):
        return set(error.expected)
    return set()


# ---------------------------------------------------------------------------
# One segment
# ---------------------------------------------------------------------------


def parse_segment(text: str, cut: Cut) -> Parsed:
    """Parse ``text[cut.start:cut.end]`` into a node with segment-relative offsets."""
    seg = text[cut.start : cut.end]
    if cut.kind == "trivia":
        return Parsed(seg, Trivia(tuple(_comments(seg, 0)), 0, len(seg)))
    if cut.kind == "junk":
        body = seg.rstrip("\r\n")
        issue = SyntaxIssue(
            "This line is invalid: a top-level declaration starts with `model`, `enum`, "
            "`type`, `view`, `datasource` or `generator`, followed by a name and `{`.",
            len(body) - len(body.lstrip()),
            len(body),
        )
        return Parsed(seg, Trivia(tuple(_comments(seg, 0)), 0, len(seg)), (issue,))
    if cut.kind == "arbitrary":
        name = seg.split("{", 1)[0].strip()
        issue = SyntaxIssue(
            f"The block `{name}` does not start with a known keyword: expected `model`, `enum`, "
            "`type`, `view`, `datasource` or `generator` before its name.",
            len(seg) - len(seg.lstrip()),
            len(seg.rstrip()),
        )
        return Parsed(seg, Trivia((), 0, len(seg)), (issue,))
    if cut.kind == "alias":
        return _parse_alias(seg)
    if cut.closed:
        try:
            builder = TreeBuilder()
            tree = parser().parse(seg, start="top")
            decl, comments, doc = builder.transform(tree)
        except (UnexpectedInput, RecursionError):
            pass
        else:
            assert isinstance(decl, Block)
            block = _finish_block(decl, doc, comments)
            return Parsed(seg, block, tuple(builder.issues))
    return _recover_block(seg, cut.closed)


def _comments(text: str, base: int) -> list[Comment]:
    return [
        Comment(m.group(), base + m.start(), base + m.end(), m.group().startswith("///"))
        for m in _COMMENT.finditer(text)
    ]


def _finish_block(block: Block, doc: str | None, comments: list[Comment]) -> Block:
    all_comments = tuple(sorted([*comments, *block.comments], key=lambda c: c.start))
    return Block(
        kind=block.kind,
        keyword=block.keyword,
        name=block.name,
        members=block.members,
        doc=doc,
        comments=all_comments,
        open_brace=block.open_brace,
        close_brace=block.close_brace,
        start=block.start,
        end=block.end,
    )


def _parse_alias(seg: str) -> Parsed:
    builder = TreeBuilder()
    try:
        decl, _comments_, _doc = builder.transform(parser().parse(seg, start="top"))
    except (UnexpectedInput, RecursionError):
        m = re.match(r"[ \t]*type[ \t]+([A-Za-z0-9][A-Za-z0-9_-]*)", seg)
        assert m is not None
        name = Ident(m.group(1), m.start(1), m.end(1))
        decl = TypeAlias(name, m.start(), len(seg.rstrip()))
    return Parsed(seg, decl, tuple(builder.issues))


@dataclass
class _Line:
    start: int
    end: int
    """End of the content, before the line break."""
    text: str
    """The line with its line break."""


def _lines(seg: str) -> list[_Line]:
    out = []
    for m in _LINE.finditer(seg):
        if m.start() == len(seg) and out:
            break
        full = m.group()
        content_end = m.start() + len(full.rstrip("\r\n"))
        out.append(_Line(m.start(), content_end, full))
        if m.end() == len(seg):
            break
    return out


def _recover_block(seg: str, closed: bool) -> Parsed:
    """Parse a block line by line, keeping what parses."""
    lines = _lines(seg)
    issues: list[SyntaxIssue] = []
    comments: list[Comment] = []
    index = 0
    while index < len(lines) and not HEADER.match(lines[index].text):
        comments.extend(_comments(lines[index].text, lines[index].start))
        index += 1
    header = lines[index]
    m = HEADER.match(header.text)
    assert m is not None
    leading = seg[: header.start]
    doc = doc_before_first(Token("NL", leading, start_pos=0), 0) if leading else None
    kind: BlockKind = m.group(1)  # type: ignore[assignment]
    keyword = Ident(kind, header.start + m.start(1), header.start + m.end(1))
    name = Ident(m.group(2), header.start + m.start(2), header.start + m.end(2))
    open_brace = header.start + m.end() - 1
    comments.extend(_comments(header.text[m.end() :], header.start + m.end()))
    start_rule = _LINE_START[kind]
    members: list[Member] = []
    close: int | None = None
    pending_doc: list[str] = []
    in_comment = False
    for line in lines[index + 1 :]:
        stripped = line.text.strip()
        if in_comment or stripped.startswith("/*"):
            in_comment = "*/" not in stripped
            comments.extend(_comments(line.text, line.start))
            continue
        if stripped.startswith("}"):
            close = line.start + line.text.index("}")
            after = line.text[line.text.index("}") + 1 :].strip()
            if after and not after.startswith("//"):
                at = line.start + line.text.index(after)
                issues.append(
                    SyntaxIssue(
                        "Unexpected text after the closing `}`: put the next declaration "
                        "on its own line.",
                        at,
                        at + len(after),
                    )
                )
            comments.extend(_comments(line.text, line.start))
            break
        if not stripped or stripped.startswith("//"):
            if stripped.startswith("///"):
                pending_doc.append(stripped[3:].removeprefix(" "))
            elif not stripped:
                pending_doc = []
            comments.extend(_comments(line.text, line.start))
            continue
        member, line_issues, line_comments = parse_line(line.text, line.start, start_rule, kind)
        if pending_doc and not isinstance(member, ErrorLine):
            member = _attach_doc(member, "\n".join(pending_doc))
        pending_doc = []
        members.append(member)
        issues.extend(line_issues)
        comments.extend(line_comments)
    end = len(seg.rstrip())
    if close is None:
        issues.append(
            SyntaxIssue(
                f"The {kind} `{name.text}` is missing its closing `}}`; it ends before the "
                "next declaration.",
                keyword.start,
                open_brace + 1,
            )
        )
    else:
        end = close + 1
    block = Block(
        kind=kind,
        keyword=keyword,
        name=name,
        members=tuple(members),
        doc=doc,
        comments=tuple(sorted(comments, key=lambda c: c.start)),
        open_brace=open_brace,
        close_brace=close,
        start=keyword.start,
        end=end,
    )
    return Parsed(seg, block, tuple(sorted(issues, key=lambda i: i.start)))


def _attach_doc(member: Member, doc: str) -> Member:
    comment = getattr(member, "comment", None)
    return _with_trivia(member, doc, comment)


def parse_line(
    text: str, base: int, start_rule: str, kind: str
) -> tuple[Member, list[SyntaxIssue], list[Comment]]:
    """Parse one body line; a line that fails becomes an :class:`ErrorLine`."""
    builder = TreeBuilder(base)
    try:
        tree = parser().parse(text, start=start_rule)
        member, before, after = builder.transform(tree)
    except UnexpectedInput as error:
        content = text.rstrip("\r\n")
        lead = len(content) - len(content.lstrip())
        at = min(_error_offset(error, content), len(content))
        message = (
            f"Invalid line in this {kind}: expected {_WHAT[start_rule]}. "
            f"At this point the parser expected {describe_expected(_expected(error))}, "
            f"but found {_found(error, content)}."
        )
        del at
        issue = SyntaxIssue(message, base + lead, base + len(content))
        return ErrorLine(content.strip(), base + lead, base + len(content)), [issue], _comments(
            text, base
        )
    except RecursionError:
        content = text.rstrip("\r\n")
        lead = len(content) - len(content.lstrip())
        issue = SyntaxIssue(
            "This line nests brackets or calls too deeply to be analyzed.",
            base + lead,
            base + len(content),
        )
        return ErrorLine(content.strip(), base + lead, base + len(content)), [issue], []
    comments = []
    if before is not None:
        comments.extend(comments_in(before, base))
    if after is not None:
        comments.extend(comments_in(after, base))
    member = _with_trivia(member, None, trailing_comment(after, base))
    return member, builder.issues, comments


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyntaxTree:
    """A parsed file: its text and its segments in order."""

    text: str
    segments: tuple[Segment, ...]

    @property
    def blocks(self) -> list[tuple[int, Block]]:
        """Each block with the offset of its segment."""
        return [(s.offset, s.parsed.node) for s in self.segments if isinstance(s.parsed.node, Block)]

    def issues(self) -> list[SyntaxIssue]:
        """Every syntax error, with absolute offsets."""
        out = []
        for seg in self.segments:
            for issue in seg.parsed.issues:
                out.append(SyntaxIssue(issue.message, seg.offset + issue.start, seg.offset + issue.end))
        return out


from analysis.syntax.nodes import Segment  # noqa: E402


def parse(text: str) -> SyntaxTree:
    """Parse a whole file."""
    return SyntaxTree(text, tuple(Segment(c.start, parse_segment(text, c)) for c in cut_all(text)))


def reparse(previous: SyntaxTree, edits: list[TextEdit] | tuple[TextEdit, ...]) -> SyntaxTree:
    """Apply ``edits`` (in order) and re-parse only the segments they touch."""
    tree = previous
    for edit in edits:
        tree = _reparse_one(tree, edit)
    return tree


def _reparse_one(tree: SyntaxTree, edit: TextEdit) -> SyntaxTree:
    old = tree.text
    start = min(max(edit.start, 0), len(old))
    end = min(max(edit.end, start), len(old))
    text = old[:start] + edit.new_text + old[end:]
    delta = len(edit.new_text) - (end - start)
    segments = tree.segments
    # First segment to redo: the one holding the edit start. An edit at a
    # segment boundary may join the previous segment (e.g. comments above a
    # header, or a removed line break), so start one segment earlier.
    first = _segment_index(segments, start)
    if first > 0:
        first -= 1
    # A segment's cut can also depend on the lines after it (comments attach
    # to the next header; an unclosed block runs to the next header).
    pos = segments[first].offset if segments else 0
    old_starts = {s.offset: i for i, s in enumerate(segments)}
    new_segments: list[Segment] = list(segments[:first])
    edit_end_new = start + len(edit.new_text)
    # Segments near the edit whose text comes back unchanged keep their parse.
    reusable = {s.parsed.text: s.parsed for s in segments[first : first + 8]}
    while pos < len(text):
        if pos >= edit_end_new:
            old_pos = pos - delta
            i = old_starts.get(old_pos)
            if i is not None and old_pos >= end:
                new_segments.extend(
                    Segment(s.offset + delta, s.parsed) for s in segments[i:]
                )
                return SyntaxTree(text, tuple(new_segments))
        cut = next_cut(text, pos)
        new_segments.append(Segment(cut.start, _reuse_or_parse(text, cut, reusable)))
        pos = cut.end
    return SyntaxTree(text, tuple(new_segments))


def _reuse_or_parse(text: str, cut: Cut, reusable: dict[str, Parsed]) -> Parsed:
    """An old parse of the same segment text, else a fresh parse."""
    old = reusable.pop(text[cut.start : cut.end], None)
    if old is not None and _same_kind(old, cut):
        return old
    return parse_segment(text, cut)


def _same_kind(parsed: Parsed, cut: Cut) -> bool:
    node = parsed.node
    if cut.kind == "block":
        return isinstance(node, Block) and (node.close_brace is not None) == cut.closed
    return not isinstance(node, Block)


def _segment_index(segments: tuple[Segment, ...], offset: int) -> int:
    lo, hi = 0, len(segments) - 1
    if hi < 0:
        return 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if segments[mid].offset <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


__all__ = ["SyntaxTree", "line_end", "parse", "parse_segment", "reparse"]
