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
    doc_before_first,
    trailing_comment,
    with_trivia,
)
from analysis.syntax.grammar import TooDeep, parse_nodes
from analysis.syntax.nodes import (
    Block,
    BlockKind,
    Comment,
    ErrorLine,
    Ident,
    Member,
    Parsed,
    Segment,
    SyntaxIssue,
    Trivia,
    TypeAlias,
)
from analysis.syntax.segments import HEADER, Cut, cut_all, line_end, next_cut
from analysis.text import TextEdit

# Strings first, so that `//` in `"postgres://…"` is not a comment.
_COMMENT = re.compile(r'"(?:\\[^\r\n]|[^"\\\r\n])*"|(//[^\r\n]*|/\*.*?\*/)', re.S)
_LINE = re.compile(r"[^\r\n]*(\r\n|\n|\r|$)")
_CODE_SCAN = re.compile(r'"(?:\\[^\r\n]|[^"\\\r\n])*"|(//[^\r\n]*|/\*.*?\*/|/\*)', re.S)
# The line that closes a body, as the segmenter sees it (`segments._BODY_STOP`).
_CLOSE = re.compile(r"[ \t]*\}")

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
    "enum_line": 'an enum value (`NAME @map("…")`) or a block attribute (`@@…`)',
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
    "UNSUPPORTED": '`Unsupported("…")`',
    "MODEL_KW": "`model`, `view` or `type`",
    "ENUM_KW": "`enum`",
    "CONFIG_KW": "`datasource` or `generator`",
}


# Merged LALR states offer these after a field attribute; a line never holds one.
_DECLARATION_KEYWORDS = {"MODEL_KW", "ENUM_KW", "CONFIG_KW"}


_JUNK_MESSAGE = (
    "This line is invalid: a top-level declaration starts with `model`, `enum`, "
    "`type`, `view`, `datasource` or `generator`, followed by a name and `{`."
)


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
        if pos is None or pos >= len(text):
            return "the end of the line"
        char = text[pos]
        return f"`{char}`" if char.isprintable() else f"the character U+{ord(char):04X}"
    return "the end of the line"


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
            _JUNK_MESSAGE,
            len(body) - len(body.lstrip("\ufeff").lstrip()),
            len(body),
        )
        return Parsed(seg, Trivia(tuple(_comments(seg, 0)), 0, len(seg)), (issue,))
    if cut.kind == "arbitrary":
        name = seg.split("{", 1)[0].lstrip("\ufeff").strip()
        issue = SyntaxIssue(
            f"The block `{name}` does not start with a known keyword: expected `model`, `enum`, "
            "`type`, `view`, `datasource` or `generator` before its name.",
            len(seg) - len(seg.lstrip("\ufeff").lstrip()),
            len(seg.rstrip()),
        )
        return Parsed(seg, Trivia((), 0, len(seg)), (issue,))
    if cut.kind == "alias":
        return _parse_alias(seg)
    if cut.closed:
        try:
            (decl, _, doc), issues = parse_nodes(seg, "top")
        except (UnexpectedInput, TooDeep):
            pass
        else:
            assert isinstance(decl, Block)
            # One scan for `//` and `/* */` comments (the lexer skips the latter),
            # the same in both paths so that recovery keeps what a full parse keeps.
            block = _finish_block(decl, doc, _comments(seg, 0))
            return Parsed(seg, block, tuple(issues))
    return _recover_block(seg, cut.closed)


def _comments(text: str, base: int) -> list[Comment]:
    """`//` and `/* */` comments in ``text``, outside string literals."""
    if "/" not in text:  # most blocks: no need to scan past every string
        return []
    return [
        Comment(m.group(1), base + m.start(1), base + m.end(1), m.group(1).startswith("///"))
        for m in _COMMENT.finditer(text)
        if m.group(1) is not None
    ]


def _finish_block(block: Block, doc: str | None, comments: list[Comment]) -> Block:
    all_comments = tuple(sorted(comments, key=lambda c: c.start))
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
    issues: list[SyntaxIssue] = []
    try:
        (decl, _, _), issues = parse_nodes(seg, "top")
    except (UnexpectedInput, TooDeep):
        m = re.match(r"[ \t]*type[ \t]+([^\W_][\w-]*)", seg)
        assert m is not None
        name = Ident(m.group(1), m.start(1), m.end(1))
        decl = TypeAlias(name, m.start(), len(seg.rstrip()))
    return Parsed(seg, decl, tuple(issues))


@dataclass
class _Line:
    start: int
    end: int
    """End of the content, before the line break."""
    text: str
    """The line with its line break."""


def _lines(seg: str) -> list[_Line]:
    out: list[_Line] = []
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
    index = 0
    while index < len(lines) and not HEADER.match(lines[index].text):
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
    start_rule = _LINE_START[kind]
    members: list[Member] = []
    close: int | None = None
    pending_doc: list[str] = []
    # After the `{`: nothing, a comment, or the start of a `/* … */` comment.
    code, unclosed = _code(header.text[m.end() :])
    in_comment = unclosed >= 0
    opened = header.start + m.end() + unclosed  # where an unclosed `/*` starts
    if code.strip():
        at = header.start + m.end() + len(code) - len(code.lstrip())
        issues.append(
            SyntaxIssue(
                "Unexpected text after the opening `{`: the members and the closing `}` go "
                "on the lines below it.",
                at,
                header.start + m.end() + len(code.rstrip()),
            )
        )
    body_lines = lines[index + 1 :]
    after_close: list[_Line] = []
    for number, line in enumerate(body_lines):
        stripped = line.text.strip()
        if in_comment or stripped.startswith("/*"):
            # Only comments, or content after a comment (`/* c */ id Int`)?
            close_at = line.text.find("*/") if in_comment else -2
            rest_at = close_at + 2 if close_at != -1 else len(line.text)
            code, unclosed = _code(line.text[rest_at:])
            if close_at != -1:
                in_comment = unclosed >= 0
                opened = line.start + rest_at + unclosed
            if not code.strip():
                pending_doc = []
                continue
            line = _Line(line.start + rest_at, line.end, line.text[rest_at:])
            stripped = line.text.strip()
        if _CLOSE.match(line.text):
            close = line.start + line.text.index("}")
            after, unclosed = _code(line.text[close - line.start + 1 :])
            if after.strip():
                at = close + 1 + len(after) - len(after.lstrip())
                issues.append(
                    SyntaxIssue(
                        "Unexpected text after the closing `}`: put the next declaration "
                        "on its own line.",
                        at,
                        close + 1 + len(after.rstrip()),
                    )
                )
            if unclosed >= 0:
                in_comment, opened = True, close + 1 + unclosed
            # Lines the segmenter kept after this `}` (it did not see it as
            # the end: after a comment, or indented with other whitespace).
            after_close = body_lines[number + 1 :]
            break
        if not stripped or stripped.startswith("//"):
            if stripped.startswith("///"):
                pending_doc.append(stripped[3:].removeprefix(" "))
            else:
                pending_doc = []
            continue
        member, line_issues = parse_line(line.text, line.start, start_rule, kind)
        if pending_doc and not isinstance(member, ErrorLine):
            member = _attach_doc(member, "\n".join(pending_doc))
        pending_doc = []
        members.append(member)
        issues.extend(line_issues)
        if isinstance(member, ErrorLine):
            unclosed = _code(line.text)[1]
            if unclosed >= 0:  # the lexer reads on in a comment
                in_comment, opened = True, line.start + unclosed
    for line in after_close:
        if in_comment:
            break
        code, unclosed = _code(line.text)
        if code.strip():
            lead = len(code) - len(code.lstrip())
            end_at = line.start + len(code.rstrip())
            issues.append(SyntaxIssue(_JUNK_MESSAGE, line.start + lead, end_at))
        if unclosed >= 0:
            in_comment, opened = True, line.start + unclosed
    if in_comment:
        issues.append(
            SyntaxIssue("This `/*` comment is never closed with `*/`.", opened, opened + 2)
        )
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
        comments=tuple(_comments(seg, 0)),
        open_brace=open_brace,
        close_brace=close,
        start=keyword.start,
        end=end,
    )
    return Parsed(seg, block, tuple(sorted(issues, key=lambda i: i.start)))


def _code(text: str) -> tuple[str, int]:
    """``text`` with `/* … */` blanked out, cut at a `//` comment or an unclosed `/*`.

    Also returns where that unclosed `/*` starts, or -1.
    """
    for m in _CODE_SCAN.finditer(text):
        comment = m.group(1)
        if comment is None:
            continue
        if comment == "/*":
            return text[: m.start(1)], m.start(1)
        if comment.startswith("//"):
            return text[: m.start(1)], -1
        text = text[: m.start(1)] + " " * len(comment) + text[m.end(1) :]
    return text, -1


def _attach_doc(member: Member, doc: str) -> Member:
    comment = getattr(member, "comment", None)
    return with_trivia(member, doc, comment)


def parse_line(
    text: str, base: int, start_rule: str, kind: str
) -> tuple[Member, list[SyntaxIssue]]:
    """Parse one body line; a line that fails becomes an :class:`ErrorLine`.

    Comments are not collected here: the block takes them from its whole text.
    """
    try:
        (member, before, after), issues = parse_nodes(text, start_rule, base)
    except UnexpectedInput as error:
        content = text.rstrip("\r\n")
        lead = len(content) - len(content.lstrip())
        message = (
            f"Invalid line in this {kind}: expected {_WHAT[start_rule]}. "
            f"At this point the parser expected "
            f"{describe_expected(_expected(error) - _DECLARATION_KEYWORDS)}, "
            f"but found {_found(error, content)}."
        )
        end = base + len(content.rstrip())  # the range is the text of the ErrorLine
        issue = SyntaxIssue(message, base + lead, end)
        return ErrorLine(content.strip(), base + lead, end), [issue]
    except TooDeep:
        content = text.rstrip("\r\n")
        lead = len(content) - len(content.lstrip())
        end = base + len(content.rstrip())
        issue = SyntaxIssue(
            "This line nests brackets or calls too deeply to be analyzed.", base + lead, end
        )
        return ErrorLine(content.strip(), base + lead, end), [issue]
    del before
    return with_trivia(member, None, trailing_comment(after, base)), issues


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
        return [
            (s.offset, s.parsed.node) for s in self.segments if isinstance(s.parsed.node, Block)
        ]

    def issues(self) -> list[SyntaxIssue]:
        """Every syntax error, with absolute offsets."""
        out = []
        for seg in self.segments:
            for issue in seg.parsed.issues:
                out.append(
                    SyntaxIssue(issue.message, seg.offset + issue.start, seg.offset + issue.end)
                )
        return out


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
    new_segments: list[Segment] = list(segments[:first])
    edit_end_new = start + len(edit.new_text)
    # Segments near the edit whose text comes back unchanged keep their parse.
    reusable = {s.parsed.text: s.parsed for s in reversed(segments[first : first + 8])}
    while pos < len(text):
        if pos >= edit_end_new:
            old_pos = pos - delta
            i = _segment_index(segments, old_pos)
            if old_pos >= end and segments and segments[i].offset == old_pos:
                new_segments.extend(Segment(s.offset + delta, s.parsed) for s in segments[i:])
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
