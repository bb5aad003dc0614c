"""Where the cursor is, read from the text of its line.

Completion is asked for while a line is half written, so the syntax tree
usually has only an error line there. Prisma keeps every field, attribute and
property on one line, so the text of that line before the cursor says enough:
a small tokenizer reads it and a walk over the tokens finds the attribute,
the argument and the list the cursor is in. The text after the cursor is
read only for what is already written further on (arguments, list items).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Literal

_TOKEN = re.compile(
    r"""
    (?P<ws>(?:[ \t]|/\*.*?\*/)+)
    |(?P<comment>//.*|/\*.*)
    |(?P<string>"(?:\\.|[^"\\])*("|$))
    |(?P<at>@@?)
    |(?P<name>[^\W\d][\w-]*(?:\.[\w-]*)*)
    |(?P<number>-?\d[\w.]*)
    |(?P<punct>\[\]|[()\[\],:=?!{}])
    |(?P<other>.)
    """,
    re.X,
)
_WORD_BEFORE = re.compile(r"[\w-]*$")
_WORD_AFTER = re.compile(r"[\w-]*")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    """Offset in the line."""

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tokenize(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        out.append(Token(kind, m.group(), m.start()))
    return out


ContextKind = Literal[
    "none",
    "field_type",
    "attribute",  # `@` / `@@` or a new attribute after the field type
    "native_type",  # after `@db.`
    "arg_name",
    "arg_value",
    "list_item",
]


@dataclass(slots=True)
class Frame:
    """An open `(` or `[` on the line."""

    bracket: str
    owner: str | None
    """For `(`: the attribute or function called; for `[`: the argument it is the value of."""
    arg: str | None = None
    """In `(`: the named argument being written (``None`` at an argument's start)."""
    seen: list[str] = field(default_factory=list)
    positional: int = 0
    expecting: bool = True
    """Whether the next token starts a value (after `(`, `,`, `:` or `[`)."""
    items: list[str] = field(default_factory=list)
    """In `[`: the names listed so far."""


@dataclass(frozen=True, slots=True)
class ModelLine:
    """What the cursor is in on a line of a model, view or composite type."""

    kind: ContextKind
    word_start: int
    """Line offsets of the text the completion replaces."""
    word_end: int
    prefix: str
    """The part of that text before the cursor."""
    field_name: str | None = None
    field_type: str | None = None
    """The field's type as written (without `?` / `[]`); ``None`` on a `@@` line."""
    is_list: bool = False
    block_level: bool = False
    attribute: str | None = None
    """The attribute (without `@`) the cursor is in or is naming."""
    path: tuple[str, ...] = ()
    """The frames' owners from the attribute inwards, e.g. `("index", "fields", "title")`."""
    arg: str | None = None
    positional: int = 0
    seen: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    """Attributes already on the line (field-level names, `@@` lines give the one)."""
    native_prefix: str | None = None
    """For `@db.Va`: `db`."""


def word_range(line: str, column: int) -> tuple[int, int]:
    """The identifier around ``column``."""
    before = _WORD_BEFORE.search(line, 0, column)
    start = before.start() if before is not None else column
    after = _WORD_AFTER.match(line, column)
    end = after.end() if after is not None else column
    return start, end


def _none(column: int) -> ModelLine:
    return ModelLine("none", column, column, "")


def model_line(line: str, column: int) -> ModelLine:
    """Read the line of a model, view or `type` block up to ``column``."""
    prefix_text = line[:column]
    tokens = tokenize(prefix_text)
    if any(t.kind == "comment" for t in tokens):
        return _none(column)
    if tokens and tokens[-1].kind == "string" and not _closed_string(tokens[-1].text):
        return _none(column)
    start, end = word_range(line, column)
    typed = line[start:column]
    # The tokens before the word being typed.
    body = tokens
    if typed and body and body[-1].end == column and body[-1].kind in ("name", "number"):
        last = body[-1]
        if "." in last.text and last.start < start:
            # `@db.Va`: the word is after the dot.
            body = [*body[:-1], Token("name", last.text[: start - last.start], last.start)]
        else:
            body = body[:-1]
    sig = [t for t in body if t.kind != "ws"]
    ends_in_space = bool(body) and body[-1].kind == "ws"
    present = tuple(_attribute_names(line[:start] + line[end:]))
    if not sig:
        if typed or line[column:].strip():
            return _none(column)  # a field name is being written
        # An empty line: what can start it without a name is a block attribute.
        return ModelLine("attribute", column, column, "", block_level=True, present=present)
    if sig[0].kind == "at":
        return _attributes(sig, 0, ends_in_space, start, end, typed, column,
                           None, None, False, present)
    if sig[0].kind != "name" or "." in sig[0].text:
        return _none(column)
    field_name = sig[0].text
    if len(sig) == 1:
        if ends_in_space:
            return ModelLine("field_type", start, end, typed, field_name)
        return _none(column)
    # The type: NAME, Unsupported("…"), then `?`, `[]` or `!`.
    i = 1
    if sig[i].kind != "name":
        return _none(column)
    field_type = sig[i].text
    i += 1
    if field_type == "Unsupported" and i < len(sig) and sig[i].text == "(":
        while i < len(sig) and sig[i].text != ")":
            i += 1
        if i == len(sig):
            return _none(column)
        i += 1
    is_list = False
    while i < len(sig) and sig[i].text in ("?", "[]", "!", "[", "]"):
        is_list = is_list or sig[i].text in ("[]", "[")
        i += 1
    if i == len(sig) and not ends_in_space:
        return _none(column)  # right after the type
    return _attributes(sig, i, ends_in_space, start, end, typed, column,
                       field_name, field_type, is_list, present)


def _closed_string(text: str) -> bool:
    return len(text) >= 2 and text.endswith('"') and not text.endswith('\\"')


def _attribute_names(line: str) -> list[str]:
    """The attributes written on the line (`@id`, `@db.Text` → `id`, `db.Text`)."""
    tokens = tokenize(line)
    return [b.text for a, b in itertools.pairwise(tokens)
            if a.kind == "at" and b.kind == "name" and b.start == a.end]


def _attributes(
    sig: list[Token],
    i: int,
    ends_in_space: bool,
    start: int,
    end: int,
    typed: str,
    column: int,
    field_name: str | None,
    field_type: str | None,
    is_list: bool,
    present: tuple[str, ...],
) -> ModelLine:
    """Walk the attribute part of a line (from ``sig[i]``) and see where it ends."""
    base = ModelLine("none", start, end, typed, field_name=field_name, field_type=field_type,
                     is_list=is_list, present=present)
    stack: list[Frame] = []
    attribute: str | None = None
    block_level = False
    at: Token | None = None
    last_name: str | None = None
    for n in range(i, len(sig)):
        t = sig[n]
        nxt = sig[n + 1] if n + 1 < len(sig) else None
        if not stack:
            if t.kind == "at":
                at, attribute, block_level = t, None, t.text == "@@"
                last_name = None
            elif t.kind == "name" and at is not None and t.start == at.end and attribute is None:
                attribute = t.text
                last_name = t.text
            elif t.text == "(":
                stack.append(Frame("(", last_name))
            else:
                at = None
            continue
        top = stack[-1]
        if t.text in ("(", "["):
            owner = last_name if t.text == "(" else (top.arg or _positional_name(top))
            stack.append(Frame(t.text, owner))
            top.expecting = False
        elif t.text in (")", "]"):
            stack.pop()
            if stack:
                stack[-1].expecting = False
            if not stack:
                at = None
        elif t.text == ",":
            if top.bracket == "(" and top.arg is None:
                top.positional += 1
            top.arg = None
            top.expecting = True
        elif t.kind == "name" and nxt is not None and nxt.text == ":" and top.bracket == "(":
            top.arg = t.text
            top.seen.append(t.text)
        elif t.text == ":":
            top.expecting = True
        else:
            if t.kind == "name":
                last_name = t.text
                if top.bracket == "[":
                    top.items.append(t.text)
            top.expecting = False
    path = tuple(f.owner or "" for f in stack)
    if not stack:
        if at is not None and attribute is not None and attribute.endswith("."):
            return replace(base, kind="native_type", native_prefix=attribute[:-1])
        if at is not None and attribute is None:
            # `@` or `@@` just typed, maybe with the start of a name: replace from the `@`.
            return replace(base, kind="attribute", word_start=at.start,
                           prefix=f"{at.text}{typed}", block_level=block_level)
        if field_type is not None and (ends_in_space or (at is None and typed)):
            return replace(base, kind="attribute")
        return _none(column)
    top = stack[-1]
    if not top.expecting:
        return _none(column)
    inside = replace(base, block_level=block_level, attribute=attribute, path=path)
    if top.bracket == "[":
        return replace(inside, kind="list_item", arg=top.owner, listed=tuple(top.items))
    if top.arg is not None:
        return replace(inside, kind="arg_value", arg=top.arg, seen=tuple(top.seen))
    return replace(inside, kind="arg_name", positional=top.positional, seen=tuple(top.seen))


def _positional_name(frame: Frame) -> str | None:
    """The list in `@@index([...])` is the unnamed `fields` argument."""
    return "fields" if frame.positional == 0 else None


def following_args(line: str, column: int) -> list[str]:
    """Names of the arguments written after ``column`` in the same argument list."""
    depth = 0
    names = []
    tokens = [t for t in tokenize(line[column:]) if t.kind != "ws"]
    for n, t in enumerate(tokens):
        nxt = tokens[n + 1] if n + 1 < len(tokens) else None
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and t.kind == "name" and nxt is not None and nxt.text == ":":
            names.append(t.text)
    return names


def following_items(line: str, column: int) -> list[str]:
    """Names listed after ``column`` up to the `]` that closes the current list."""
    depth = 0
    names = []
    for t in tokenize(line[column:]):
        if t.text in ("(", "["):
            depth += 1
        elif t.text in (")", "]"):
            depth -= 1
            if depth < 0:
                break
        elif depth == 0 and t.kind == "name":
            names.append(t.text)
    return names
