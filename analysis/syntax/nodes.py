"""The typed syntax tree of a Prisma schema file.

Every node is a frozen dataclass with ``start``/``end`` offsets (code points).
Offsets *inside* a top-level declaration are relative to the start of that
declaration's segment; a :class:`Segment` places a declaration in its file.
That split is what makes incremental re-parsing cheap: an edit in one block
shifts the blocks after it, but their nodes (and everything cached against
them) stay valid because only the segment's offset changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from analysis.frozen import fast_init

BlockKind = Literal["model", "view", "type", "enum", "datasource", "generator"]


@fast_init
@dataclass(frozen=True, slots=True)
class Ident:
    """A name as written: a field, model or argument name, or a dotted path."""

    text: str
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class Comment:
    """A `//` comment; ``doc`` for `///` documentation comments."""

    text: str
    start: int
    end: int
    doc: bool


# ---------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class StringLit:
    value: str
    """The decoded value (escapes resolved)."""
    raw: str
    """The source text, quotes included."""
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class NumberLit:
    text: str
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class ConstRef:
    """A bare identifier or dotted path used as a value: `true`, `Cascade`, `Desc`."""

    text: str
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class ArrayExpr:
    items: tuple[Expression, ...]
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class FuncCall:
    name: Ident
    args: ArgList
    start: int
    end: int


Expression = StringLit | NumberLit | ConstRef | ArrayExpr | FuncCall


@fast_init
@dataclass(frozen=True, slots=True)
class Argument:
    """`value`, `name: value`, or `name:` (empty, kept for completion; an error)."""

    name: Ident | None
    value: Expression | None
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class ArgList:
    args: tuple[Argument, ...]
    trailing_comma: bool
    start: int
    end: int


# ---------------------------------------------------------------------------
# Members of blocks
# ---------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class Attribute:
    """`@id`, `@db.VarChar(255)`, `@@index([a])` — ``name`` excludes the `@`/`@@`."""

    name: Ident
    args: ArgList | None
    block_level: bool
    start: int
    end: int

    def arg(self, name: str, position: int | None = None) -> Argument | None:
        """The argument called ``name``, or the unnamed one at ``position``."""
        if self.args is None:
            return None
        unnamed = 0
        for argument in self.args.args:
            if argument.name is not None:
                if argument.name.text == name:
                    return argument
            else:
                if position is not None and unnamed == position:
                    return argument
                unnamed += 1
        return None


@fast_init
@dataclass(frozen=True, slots=True)
class FieldType:
    """`Name`, `Name?`, `Name[]`, `Unsupported("…")` and the legacy spellings."""

    name: Ident
    optional: bool
    list: bool
    unsupported: StringLit | None
    legacy: Literal["required", "list"] | None
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class Field:
    """A field of a model, view or composite type."""

    name: Ident
    type: FieldType | None
    attributes: tuple[Attribute, ...]
    legacy_colon: int | None
    doc: str | None
    comment: Comment | None
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class EnumValue:
    name: Ident
    attributes: tuple[Attribute, ...]
    doc: str | None
    comment: Comment | None
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class KeyValue:
    """`provider = "postgresql"` in a datasource or generator."""

    key: Ident
    value: Expression
    comment: Comment | None
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class ErrorLine:
    """A line inside a block that does not parse; skipped by analysis."""

    text: str
    start: int
    end: int


Member = Field | EnumValue | KeyValue | Attribute | ErrorLine


@fast_init
@dataclass(frozen=True, slots=True)
class SyntaxIssue:
    """A syntax error, relative to its segment."""

    message: str
    start: int
    end: int


# ---------------------------------------------------------------------------
# Top-level declarations
# ---------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, slots=True)
class Block:
    """`model`, `view`, `type`, `enum`, `datasource` or `generator` with its body."""

    kind: BlockKind
    keyword: Ident
    name: Ident
    members: tuple[Member, ...]
    doc: str | None
    comments: tuple[Comment, ...]
    open_brace: int
    close_brace: int | None
    """Offset of the `}`; ``None`` when the block is not closed."""
    start: int
    end: int

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(m for m in self.members if isinstance(m, Field))

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return tuple(m for m in self.members if isinstance(m, Attribute))

    @property
    def values(self) -> tuple[EnumValue, ...]:
        return tuple(m for m in self.members if isinstance(m, EnumValue))

    @property
    def properties(self) -> tuple[KeyValue, ...]:
        return tuple(m for m in self.members if isinstance(m, KeyValue))


@fast_init
@dataclass(frozen=True, slots=True)
class TypeAlias:
    """`type A = B` — parsed so that validation can reject it precisely."""

    name: Ident
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class Trivia:
    """Comments or junk between declarations."""

    comments: tuple[Comment, ...]
    start: int
    end: int


Declaration = Block | TypeAlias | Trivia


@fast_init
@dataclass(frozen=True, slots=True)
class Parsed:
    """The parse of one segment: its declaration and its syntax errors."""

    text: str
    node: Declaration
    issues: tuple[SyntaxIssue, ...] = field(default=())


@fast_init
@dataclass(frozen=True, slots=True)
class Segment:
    """A parsed segment placed at ``offset`` in its file (a whole number of lines)."""

    offset: int
    parsed: Parsed

    @property
    def end(self) -> int:
        return self.offset + len(self.parsed.text)

    @property
    def node(self) -> Declaration:
        return self.parsed.node
