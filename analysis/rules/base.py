"""What a rule is: metadata, explanation, a check that yields findings, and fixes.

Modelled on ruff's violations: the message (what is wrong here) and the fix
title (what the fix does) are separate; a fix is a list of text edits with a
safe/unsafe applicability. A rule registers itself by subclassing
:class:`Rule`; :mod:`analysis.rules` imports every rule module once, so the
registry is the one list of rules (no hand-kept lists elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from analysis.diagnostics import Diagnostic, Related, Severity
from analysis.frozen import fast_init
from analysis.model.schema import CompositeType, Enum, Model, Relation, Schema, Span
from analysis.text import SourceFile


class Group(StrEnum):
    """The principle a rule serves; its letter is the third of the rule's code."""

    INTEGRITY = "integrity"
    NORMALIZATION = "normalization"
    INDEXING = "indexing"
    NAMING = "naming"
    TYPES = "types"
    MIGRATIONS = "migrations"

    @property
    def prefix(self) -> str:
        return {
            "integrity": "PAI",
            "normalization": "PAN",
            "indexing": "PAX",
            "naming": "PAC",
            "types": "PAT",
            "migrations": "PAM",
        }[self.value]


@fast_init  # rules build tens of thousands per lint
@dataclass(frozen=True, eq=False)
class Edit:
    """Replace ``[start, end)`` of the file at ``path`` with ``new_text``.

    Pinned to a declaration by :mod:`analysis.anchored` as :class:`Span` is
    (its underscored slots), and equal by value either way."""

    __slots__ = ("_anchor", "_rel_end", "_rel_start", "end", "new_text", "path", "start")
    path: str
    start: int
    end: int
    new_text: str

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Edit):
            return NotImplemented
        return (self.start == other.start and self.end == other.end
                and self.new_text == other.new_text and self.path == other.path)

    def __hash__(self) -> int:
        return hash((self.path, self.start, self.end, self.new_text))


@fast_init  # rules build tens of thousands per lint
@dataclass(frozen=True, slots=True)
class Fix:
    """A titled set of edits; ``safe`` fixes keep the data's meaning (`--fix`
    applies them), unsafe ones need `--unsafe-fixes` or a code action."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@fast_init  # rules build tens of thousands per lint
@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's finding at ``span``."""

    code: str
    message: str
    severity: Severity
    span: Span
    related: tuple[tuple[Span, str], ...] = ()
    fixes: tuple[Fix, ...] = ()
    unnecessary: bool = False
    """The flagged code is redundant (editors grey it out)."""

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(
            self.code,
            self.message,
            self.severity,
            self.span.path,
            self.span.start,
            self.span.end,
            tuple(Related(s.path, s.start, s.end, m) for s, m in self.related),
            len(self.fixes),
            self.unnecessary,
        )


class NoOptions(BaseModel):
    """A rule without options."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class Views:
    """After an edit: the relations that may have changed join an ``edited``
    declaration to another edited one or to a ``viewed`` one (a neighbour whose
    view of an edited one changed, see :func:`analysis.reuse.face`); every
    other relation is as it was."""

    edited: frozenset[str]
    viewed: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scope:
    """The part of the schema a model-scoped rule reports on after an edit: the
    dirty models (first declaration of each name, in declaration order) and the
    relations that join one of them."""

    models: tuple[Model, ...]
    relations: tuple[Relation, ...]
    composite_types: tuple[CompositeType, ...] = ()
    enums: tuple[Enum, ...] = ()
    views: Views | None = None
    """For a tracker of a ``relations`` rule: which relations may have changed
    (``None``: any)."""


@dataclass(frozen=True)
class RuleContext:
    """What a rule's check reads: the schema, the files' text, its options.

    ``scope`` (model-scoped rules only) restricts what the rule reports on:
    such a rule walks :attr:`models` and :attr:`relations`, never the schema's
    own lists, and may report only inside the model it looks at (or, for a
    relation, inside one of its two models).
    """

    schema: Schema
    files: dict[str, SourceFile]
    severity: Severity
    options: BaseModel = field(default_factory=NoOptions)
    scope: Scope | None = None

    def text(self, path: str) -> str:
        return self.files[path].text

    @property
    def models(self) -> Iterable[Model]:
        """The models to report on (all: the first declaration of each name)."""
        return self.schema.models.values() if self.scope is None else self.scope.models

    @property
    def tables(self) -> Sequence[Model]:
        """The models to report on that are tables: neither views nor `@@ignore`d
        (what most rules look at), listed once per schema."""
        if self.scope is None:
            return per_schema(self.schema, _tables)
        return [m for m in self.scope.models if not (m.is_view or m.is_ignored)]

    @property
    def composite_types(self) -> Iterable[CompositeType]:
        """The composite types to report on."""
        if self.scope is None:
            return self.schema.composite_types.values()
        return self.scope.composite_types

    @property
    def enums(self) -> Iterable[Enum]:
        """The enums to report on."""
        return self.schema.enums.values() if self.scope is None else self.scope.enums

    @property
    def relations(self) -> Sequence[Relation]:
        """The relations to report on."""
        return self.schema.relations if self.scope is None else self.scope.relations


_T = TypeVar("_T")
_A = TypeVar("_A", bound=Hashable)


class _Facts:
    """The facts built for one schema, the last one asked about: a lint asks about
    one schema, and keeping more would keep old schemas alive."""

    __slots__ = ("facts", "schema")

    def __init__(self) -> None:
        self.schema: Schema | None = None
        self.facts: dict[Hashable, Any] = {}

    def of(self, schema: Schema) -> dict[Hashable, Any]:
        if self.schema is not schema:
            self.schema, self.facts = schema, {}
        return self.facts

    def built(self, schema: Schema, build: Callable[[Schema, _A], _T], argument: _A) -> _T:
        facts = self.of(schema)
        key = (build, argument)
        if key not in facts:
            facts[key] = build(schema, argument)
        found: _T = facts[key]
        return found


_SCHEMA_FACTS = _Facts()
_SIGNATURE_FACTS = _Facts()


def per_schema(schema: Schema, build: Callable[[Schema], _T]) -> _T:
    """``build(schema)``, computed once per schema: the rules of one lint share the
    facts several of them walk (the tables, the fields by type), instead of each
    walking every model again. Only the last schema's facts are kept; the schema
    is read-only once built, so they stay true while it lives."""
    facts = _SCHEMA_FACTS.of(schema)
    if build not in facts:
        facts[build] = build(schema)
    found: _T = facts[build]
    return found


def computed(schema: Schema, build: Callable[[Schema], _T]) -> _T | None:
    """What :func:`per_schema` holds for ``build`` on ``schema``, ``None`` when it was not
    built: for facts worth building for a whole run but not for one question."""
    if _SCHEMA_FACTS.schema is not schema:
        return None
    found: _T | None = _SCHEMA_FACTS.facts.get(build)
    return found


def per_schema_with(schema: Schema, build: Callable[[Schema, _A], _T], argument: _A) -> _T:
    """:func:`per_schema` for facts that also depend on an option (a word list):
    ``build(schema, argument)``, once per schema and argument."""
    return _SCHEMA_FACTS.built(schema, build, argument)


def per_signature(schema: Schema, build: Callable[[Schema], _T]) -> _T:
    """:func:`per_schema` for facts that read only the declaration signature (kinds,
    names, table and type names, `@@ignore`, views, enum values: see
    :func:`analysis.reuse.signature`), so that they hold for every schema an edit
    makes without changing it (:func:`signature_kept`). ``build`` must return plain
    data (names, counts), never an entity: entities are rebuilt by edits."""
    return _SIGNATURE_FACTS.built(schema, _no_argument, build)


def per_signature_with(schema: Schema, build: Callable[[Schema, _A], _T], argument: _A) -> _T:
    """:func:`per_signature` of ``build(schema, argument)`` (an option, say)."""
    return _SIGNATURE_FACTS.built(schema, build, argument)


def _no_argument(schema: Schema, build: Callable[[Schema], _T]) -> _T:
    return build(schema)


def signature_kept(before: Schema, after: Schema) -> None:
    """Hand the signature facts of ``before`` on to ``after``, which an edit made
    from it without changing the declaration signature: after a keystroke the
    rules then do not walk every model again for a convention or a name set."""
    if _SIGNATURE_FACTS.schema is before:
        _SIGNATURE_FACTS.schema = after


_by_options: dict[Hashable, tuple[BaseModel, dict[str, Any]]] = {}


def names_judged(what: Hashable, options: BaseModel) -> dict[str, Any]:
    """A memo of the names ``what`` (a rule's test of a name) judged with ``options``,
    kept across lints while the options are equal. A cache keyed on the options
    themselves hashes the pydantic model at every call, which costs more than most
    tests; this compares the options once per check instead."""
    found = _by_options.get(what)
    if found is None or found[0] != options or len(found[1]) > _JUDGED:
        found = _by_options[what] = (options, {})
    return found[1]


_JUDGED = 65536
"""Names kept per test before starting over (a long session types many)."""


def _tables(schema: Schema) -> list[Model]:
    return [m for m in schema.models.values() if not (m.is_view or m.is_ignored)]


REGISTRY: dict[str, type[Rule]] = {}
_NAMES: dict[str, str] = {}
_CODE = re.compile(r"PA[INXCTM]\d{3}")
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

#: The sections every rule's explanation has, in this order.
SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "When to ignore",
)


class Rule:
    """Base of every rule. The class docstring is the rule's explanation
    (markdown, with the :data:`SECTIONS`): the same text serves hover,
    `prisma-architect rule CODE` and the generated docs."""

    code: ClassVar[str]
    name: ClassVar[str]
    group: ClassVar[Group]
    severity: ClassVar[Severity]
    providers: ClassVar[frozenset[str] | None] = None
    """Providers the advice holds for; ``None`` for every provider."""
    scope: ClassVar[Literal["model", "schema"]] = "model"
    """`model`: the findings inside a model depend only on that model, the
    models, enums and types it names or that name it, the declaration signature
    (names, kinds, table names, provider: see :mod:`analysis.reuse`) and
    :meth:`schema_facts`; after an edit the rule runs on the dirty models alone
    (:attr:`RuleContext.scope`). `schema`: the rule needs the whole schema and
    runs whole after every edit."""
    neighbours: ClassVar[Literal["own", "relations", "all"]] = "all"
    """What a model-scoped rule reads of the declarations around the one it
    reports on, so that an edit re-runs it on no more than it must:

    * `own`: nothing beyond their signature, its :meth:`schema_facts` and what
      its tracker follows (see :mod:`analysis.rules.tracking`): it runs on the
      edited declarations alone, and on the models its tracker names;
    * `relations`: only their *face* (:func:`analysis.reuse.face`: relation,
      enum and composite fields, the fields of keys and relations, block
      attributes), and its tracker follows only faces too: it runs on the
      neighbours (and tracked models) of an edit that changed a face;
    * `all` (the safe default): more, so it runs on every neighbour.
    """
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not _CODE.fullmatch(cls.code):
            raise TypeError(f"{cls.__name__}: malformed rule code {cls.code!r}")
        if not cls.code.startswith(cls.group.prefix):
            raise TypeError(f"{cls.__name__}: code {cls.code} is not in group {cls.group}")
        if not _NAME.fullmatch(cls.name):
            raise TypeError(f"{cls.__name__}: rule name {cls.name!r} is not kebab-case")
        if cls.code in REGISTRY or cls.name in _NAMES:
            raise TypeError(f"{cls.__name__}: duplicate rule code or name {cls.code}/{cls.name}")
        REGISTRY[cls.code] = cls
        _NAMES[cls.name] = cls.code

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def schema_facts(cls, ctx: RuleContext) -> Hashable:
        """The schema-wide facts a model-scoped rule reads beyond the declaration
        signature (say, a convention taken from every model); kept findings are
        reused only while they are unchanged. Cheap: computed after every edit."""
        return None

    @classmethod
    def explanation(cls) -> str:
        """The markdown explanation (the class docstring, dedented)."""
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The first paragraph of the "What it does" section."""
        text = cls.explanation()
        marker = "## What it does"
        if marker in text:
            text = text.split(marker, 1)[1]
        return text.strip().split("\n\n", 1)[0].replace("\n", " ")

    def finding(
        self,
        ctx: RuleContext,
        span: Span,
        message: str,
        *,
        related: tuple[tuple[Span, str], ...] = (),
        fixes: tuple[Fix, ...] = (),
        unnecessary: bool = False,
    ) -> Finding:
        return Finding(self.code, message, ctx.severity, span, related, fixes, unnecessary)


def rule_by_name(name: str) -> type[Rule] | None:
    code = _NAMES.get(name)
    return REGISTRY.get(code) if code is not None else None
