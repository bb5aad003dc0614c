"""Lark parse tree → frozen syntax nodes (a separate pass, positions from tokens).

Positions come from the tokens themselves (no ``propagate_positions``):
every node's span is the span of its first and last token, which is exact
and cheaper. ``base`` shifts token offsets when a single line is parsed on
its own by the recovery path.
"""

from __future__ import annotations

import re
from typing import Any

from lark import Token, Transformer

from analysis.syntax.nodes import (
    ArgList,
    Argument,
    ArrayExpr,
    Attribute,
    Block,
    BlockKind,
    Comment,
    ConstRef,
    EnumValue,
    Expression,
    Field,
    FieldType,
    FuncCall,
    Ident,
    KeyValue,
    Member,
    NumberLit,
    StringLit,
    SyntaxIssue,
    TypeAlias,
)
from analysis.text import LINE_BREAK

_COMMENT = re.compile(r"//[^\r\n]*")


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
UNKNOWN_ESCAPE = (
    "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`."
)
INVALID_UNICODE_ESCAPE = "Invalid unicode escape sequence."


def check_string(raw: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The value of a string literal and its escape errors (offsets into ``raw``).

    The escapes of JSON (RFC 8259, section 7), as Prisma decodes them: `\\uXXXX`
    pairs for characters outside the BMP, and an error for any other escape.
    """
    content = raw[1:-1]
    if "\\" not in content:
        return content, []
    out: list[str] = []
    errors: list[tuple[str, int, int]] = []
    i, n = 0, len(content)
    while i < n:
        c = content[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = content[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
            continue
        if e != "u":
            errors.append((UNKNOWN_ESCAPE, i + 1, i + 3))
            i += 2
            continue
        consumed, first = _codepoint(content, i)
        if first is None:
            errors.append((INVALID_UNICODE_ESCAPE, i + 1, min(n, i + max(consumed, 2)) + 1))
            i += max(consumed, 2)
            continue
        if not 0xD800 <= first <= 0xDFFF:
            out.append(chr(first))
            i += 6
            continue
        _consumed, second = _codepoint(content, i + 6)
        if second is None:
            errors.append((INVALID_UNICODE_ESCAPE, i + 1, min(n, i + 6) + 1))
            i += 6
            continue
        if 0xD800 <= first <= 0xDBFF and 0xDC00 <= second <= 0xDFFF:
            out.append(chr(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)))
        else:
            errors.append((INVALID_UNICODE_ESCAPE, i + 1, min(n, i + 12) + 1))
        i += 12
    return "".join(out), errors


def _codepoint(content: str, at: int) -> tuple[int, int | None]:
    """The `\\uXXXX` escape at ``at``: how much it takes, and its value if valid."""
    if len(content) - at < 4 or not content.startswith("\\u", at):
        return 0, None
    value = 0
    for k in range(4):
        j = at + 2 + k
        digit = content[j] if j < len(content) else ""
        if not digit or digit not in "0123456789abcdefABCDEF":
            return 2 + k, None
        value = value * 16 + int(digit, 16)
    return 6, value


def comments_in(token: Token, base: int) -> list[Comment]:
    """The comments inside an NL token, with absolute offsets."""
    text = str(token)
    if "/" not in text:
        return []
    start = base + (token.start_pos or 0)
    return [
        Comment(m.group(), start + m.start(), start + m.end(), m.group().startswith("///"))
        for m in _COMMENT.finditer(text)
    ]


def trailing_comment(token: Token | None, base: int) -> Comment | None:
    """The comment that ends a content line, if the NL token starts with one."""
    if token is None or not str(token).startswith("//"):
        return None
    comments = comments_in(token, base)
    return comments[0] if comments else None


def doc_before(token: Token | None, base: int) -> str | None:
    """The `///` lines directly above whatever follows the NL token."""
    if token is None:
        return None
    text = str(token)
    if "///" not in text:
        return None
    # The last line is the indentation of the line the item is on; the
    # first belongs to the previous content line (a trailing comment).
    return _doc_above(LINE_BREAK.split(text)[1:-1])


def _doc_above(lines: list[str]) -> str | None:
    """The run of `///` lines that ends ``lines``, as one doc text (``None`` if empty)."""
    docs: list[str] = []
    for line in reversed(lines):
        stripped = line.strip()
        if not stripped.startswith("///"):
            break
        docs.append(_doc_text(stripped))
    return "\n".join(reversed(docs)) if docs else None


def _doc_text(comment: str) -> str:
    text = comment[3:]
    return text[1:] if text.startswith(" ") else text


class TreeBuilder(Transformer[Token, Any]):
    """Builds nodes; ``issues`` collects the syntax errors it finds on the way."""

    def __init__(self, base: int = 0) -> None:
        super().__init__()
        self.base = base
        self.issues: list[SyntaxIssue] = []

    # -- helpers -----------------------------------------------------------
    # ``token.value`` is the token's text as a plain ``str`` (``str(token)``
    # would copy it): these methods run once per token of every parse.
    def _ident(self, tok: Token) -> Ident:
        start = self.base + (tok.start_pos or 0)
        return Ident(tok.value, start, start + len(tok))

    def _pos(self, tok: Token) -> int:
        return self.base + (tok.start_pos or 0)

    def _end(self, tok: Token) -> int:
        return self.base + (tok.end_pos or 0)

    # -- expressions ---------------------------------------------------------
    def path(self, children: list[Token]) -> Ident:
        if len(children) == 1:
            return self._ident(children[0])
        first, last = children[0], children[-1]
        start = self._pos(first)
        return Ident("".join(children), start, self._end(last))

    def number(self, children: list[Token]) -> NumberLit:
        tok = children[0]
        return NumberLit(str(tok), self._pos(tok), self._end(tok))

    def string(self, children: list[Token]) -> StringLit:
        tok = children[0]
        value, errors = check_string(str(tok))
        start = self._pos(tok)
        self.issues.extend(SyntaxIssue(m, start + s, start + e) for m, s, e in errors)
        return StringLit(value, str(tok), start, self._end(tok))

    def constant(self, children: list[Ident]) -> ConstRef:
        ident = children[0]
        return ConstRef(ident.text, ident.start, ident.end)

    def function_call(self, children: list[Any]) -> FuncCall:
        name, args = children
        return FuncCall(name, args, name.start, args.end)

    def array(self, children: list[Any]) -> ArrayExpr:
        items = tuple(c for c in children if not isinstance(c, Token))
        return ArrayExpr(items, self._pos(children[0]), self._end(children[-1]))

    def positional_argument(self, children: list[Expression]) -> Argument:
        value = children[0]
        return Argument(None, value, value.start, value.end)

    def named_argument(self, children: list[Any]) -> Argument:
        name = self._ident(children[0])
        value = children[2]
        return Argument(name, value, name.start, value.end)

    def empty_argument(self, children: list[Token]) -> Argument:
        name = self._ident(children[0])
        return Argument(name, None, name.start, self._end(children[1]))

    def arguments(self, children: list[Any]) -> ArgList:
        if len(children) == 2:  # `()`
            return ArgList((), False, self._pos(children[0]), self._end(children[1]))
        args = tuple([c for c in children if isinstance(c, Argument)])
        trailing = (
            len(children) >= 2 and isinstance(children[-2], Token) and children[-2].type == "COMMA"
        )
        return ArgList(args, trailing, self._pos(children[0]), self._end(children[-1]))

    # -- attributes and types ------------------------------------------------
    def field_attribute(self, children: list[Any]) -> Attribute:
        tok = children[0]
        start = self.base + (tok.start_pos or 0)
        end = start + len(tok)
        name = Ident(tok.value[1:], start + 1, end)
        if len(children) > 1:
            args = children[1]
            return Attribute(name, args, False, start, args.end)
        return Attribute(name, None, False, start, end)

    def block_attribute(self, children: list[Any]) -> Attribute:
        tok = children[0]
        start = self.base + (tok.start_pos or 0)
        end = start + len(tok)
        name = Ident(tok.value[2:], start + 2, end)
        if len(children) > 1:
            args = children[1]
            return Attribute(name, args, True, start, args.end)
        return Attribute(name, None, True, start, end)

    def base_type(self, children: list[Token]) -> tuple[Ident, StringLit | None]:
        return self._ident(children[0]), None

    def unsupported_type(self, children: list[Token]) -> tuple[Ident, StringLit | None]:
        kw, _lpar, string, rpar = children
        name = Ident("Unsupported", self._pos(kw), self._end(rpar))
        return name, self.string([string])

    def field_type(self, children: list[Any]) -> FieldType:
        (name, unsupported), *marks = children
        if not marks:
            return FieldType(name, False, False, unsupported, None, name.start, name.end)
        kinds = {str(m) for m in marks}
        end = self._end(marks[-1]) if marks else name.end
        return FieldType(name, "?" in kinds, "[]" in kinds, unsupported, None, name.start, end)

    def legacy_required_type(self, children: list[Any]) -> FieldType:
        (name, unsupported), bang = children
        self.issues.append(
            SyntaxIssue(
                "Fields are required by default, `!` is no longer required.",
                name.start,
                self._end(bang),
            )
        )
        return FieldType(name, False, False, unsupported, "required", name.start, self._end(bang))

    def legacy_list_type(self, children: list[Any]) -> FieldType:
        lsqb, (name, unsupported), rsqb = children
        start, end = self._pos(lsqb), self._end(rsqb)
        self.issues.append(
            SyntaxIssue("To specify a list, please use `Type[]` instead of `[Type]`.", start, end)
        )
        return FieldType(name, False, True, unsupported, "list", start, end)

    # -- members -------------------------------------------------------------
    def field(self, children: list[Any]) -> Field:
        name = self._ident(children[0])
        rest = children[1:]
        colon: int | None = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "LEGACY_COLON":
            colon = self._pos(rest[0])
            self.issues.append(
                SyntaxIssue("Field declarations don't require a `:`.", colon, colon + 1)
            )
            rest = rest[1:]
        ftype: FieldType | None = None
        if rest and isinstance(rest[0], FieldType):
            ftype = rest[0]
            rest = rest[1:]
            if ftype.optional and ftype.list and ftype.unsupported is None:
                self.issues.append(
                    SyntaxIssue(
                        "Optional lists are not supported. Use either `Type[]` or `Type?`.",
                        ftype.start,
                        ftype.end,
                    )
                )
        attrs = tuple(rest)
        end = attrs[-1].end if attrs else ftype.end if ftype else name.end
        return Field(name, ftype, attrs, colon, None, None, name.start, end)

    def enum_value(self, children: list[Any]) -> EnumValue:
        name = self._ident(children[0])
        attrs = tuple(children[1:])
        end = attrs[-1].end if attrs else name.end
        return EnumValue(name, attrs, None, None, name.start, end)

    def key_value(self, children: list[Any]) -> KeyValue:
        key = self._ident(children[0])
        value = children[2]
        return KeyValue(key, value, None, key.start, value.end)

    def _member(self, children: list[Any]) -> tuple[Member, Token]:
        return children[0], children[1]

    model_member = enum_member = config_member = _member

    def type_alias(self, children: list[Any]) -> TypeAlias:
        kw = children[0]
        last = children[-1]
        end = last.end if not isinstance(last, tuple) else last[0].end
        return TypeAlias(self._ident(children[1]), self._pos(kw), end)

    # -- blocks --------------------------------------------------------------
    def _block(self, children: list[Any]) -> Block:
        kw, name_tok, lbrace, *body, rbrace = children
        members: list[Member] = []
        comments: list[Comment] = []
        base = self.base
        previous_nl: Token | None = None
        # Most line breaks hold no comment: `/` is checked once per NL token.
        for item in body:
            if isinstance(item, Token):  # a free NL run
                if "/" in item.value:
                    comments.extend(comments_in(item, base))
                previous_nl = item
                continue
            member, nl = item
            doc = doc_before(previous_nl, base)
            if "/" in nl.value:
                comments.extend(comments_in(nl, base))
                trailing = trailing_comment(nl, base)
            else:
                trailing = None
            members.append(with_trivia(member, doc, trailing))
            previous_nl = nl
        kind: BlockKind = str(kw)  # type: ignore[assignment]
        return Block(
            kind=kind,
            keyword=self._ident(kw),
            name=self._ident(name_tok),
            members=tuple(members),
            doc=None,
            comments=tuple(comments),
            open_brace=self._pos(lbrace),
            close_brace=self._pos(rbrace),
            start=self._pos(kw),
            end=self._end(rbrace),
        )

    model_block = enum_block = config_block = _block

    def top(self, children: list[Any]) -> tuple[Block | TypeAlias, list[Comment], str | None]:
        leading = children[0] if isinstance(children[0], Token) else None
        decl = next(c for c in children if not isinstance(c, Token))
        comments: list[Comment] = []
        for c in children:
            if isinstance(c, Token):
                comments.extend(comments_in(c, self.base))
        doc = doc_before_first(leading, self.base) if leading is not None else None
        return decl, comments, doc

    def _line(self, children: list[Any]) -> tuple[Member, Token | None, Token | None]:
        before = children[0] if isinstance(children[0], Token) else None
        member = next(c for c in children if not isinstance(c, Token))
        after = children[-1] if isinstance(children[-1], Token) else None
        return member, before, after

    model_line = enum_line = config_line = _line


def doc_before_first(token: Token, base: int) -> str | None:
    """Doc comment lines at the very start of a segment, directly above its header."""
    return _doc_above(LINE_BREAK.split(str(token))[:-1])


def with_trivia(member: Member, doc: str | None, comment: Comment | None) -> Member:
    if (
        doc is None
        and comment is None
        and getattr(member, "comment", 0) is None
        and getattr(member, "doc", None) is None
    ):
        return member  # nothing to add or remove: the same value
    if isinstance(member, Field):
        return Field(
            member.name,
            member.type,
            member.attributes,
            member.legacy_colon,
            doc,
            comment,
            member.start,
            member.end,
        )
    if isinstance(member, EnumValue):
        return EnumValue(member.name, member.attributes, doc, comment, member.start, member.end)
    if isinstance(member, KeyValue):
        return KeyValue(member.key, member.value, comment, member.start, member.end)
    return member
