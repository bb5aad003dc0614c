"""Go to definition, find references and rename, across the files of a schema.

All three start from :func:`analysis.ide.resolve.occurrence_at` (what the
name under the cursor stands for) and :func:`~analysis.ide.resolve.occurrences_of`
(everywhere it is named). Results are absolute code-point spans; the server
turns them into LSP locations and workspace edits.

Compared with the official Prisma language server, references are complete
from any occurrence: a field named in `fields:` / `references:` also finds
the other relation arguments and index lists naming it (Prisma's server then
returns only the declaration and the block attributes of its model), and the
datasource name is found as the `db` of `@db.X`, not the whole attribute name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.api import Analysis
from analysis.ide.resolve import Symbol, occurrence_at, occurrences_of
from analysis.model.schema import SCALARS, CompositeType, Enum, Model, Span
from analysis.text import TextEdit
from analysis.validate.names import RESERVED_NAMES

#: Words that introduce a block; never renamed.
KEYWORDS = frozenset({"model", "view", "enum", "type", "datasource", "generator"})

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_WORD = re.compile(r"[\w@.]+")


class RenameError(Exception):
    """A rename that is refused; the message says why (shown to the user)."""


@dataclass(frozen=True, slots=True)
class RenameTarget:
    """What prepareRename answers: the name under the cursor and what it names."""

    span: Span
    placeholder: str
    symbol: Symbol


def definition(analysis: Analysis, path: str, offset: int) -> Span | None:
    """Where the name at ``offset`` is declared.

    On a field's type that is the model, view, enum or composite type's name;
    on a field named in `fields:` / `references:` or an index list, the field's
    name; on an enum value in `@default(...)`, the value; on `db` of `@db.X`,
    the datasource's name. On a declaration, the declaration itself.
    """
    found = occurrence_at(analysis, path, offset)
    return found.symbol.declaration if found is not None else None


def references(
    analysis: Analysis, path: str, offset: int, *, include_declaration: bool = True
) -> list[Span]:
    """Every place the symbol at ``offset`` is named: declaration first, then in file order."""
    found = occurrence_at(analysis, path, offset)
    if found is None:
        return []
    return [
        o.span
        for o in occurrences_of(analysis, found.symbol)
        if include_declaration or not o.is_declaration
    ]


def highlights(analysis: Analysis, path: str, offset: int) -> list[tuple[Span, bool]]:
    """The occurrences in ``path`` of the symbol at ``offset``, each with whether it is
    the declaration (what an editor highlights while the cursor rests on a name)."""
    found = occurrence_at(analysis, path, offset)
    if found is None:
        return []
    return [
        (o.span, o.is_declaration)
        for o in occurrences_of(analysis, found.symbol)
        if o.span.path == path
    ]


# ---------------------------------------------------------------------------
# Rename
# ---------------------------------------------------------------------------


def prepare_rename(analysis: Analysis, path: str, offset: int) -> RenameTarget | None:
    """The name a rename at ``offset`` would change, or ``None`` on blank space.

    Raises :class:`RenameError` on a word that is not a name of this schema
    (a keyword, a scalar type, an attribute, an unresolved name).
    """
    found = occurrence_at(analysis, path, offset)
    if found is not None:
        span = found.span
        return RenameTarget(span, found.symbol.name, found.symbol)
    word = _word_at(analysis, path, offset)
    if word is None:
        return None
    if word in KEYWORDS:
        raise RenameError(
            f"`{word}` is a keyword of the Prisma schema language: it cannot be renamed."
        )
    if word in SCALARS or word == "Unsupported":
        raise RenameError(f"`{word}` is a built-in scalar type: it cannot be renamed.")
    if word.startswith("@"):
        raise RenameError(
            f"`{word}` is an attribute of the Prisma schema language: it cannot be renamed."
        )
    raise RenameError(
        f"`{word}` does not name a model, view, enum, composite type, field, enum value or "
        "datasource of this schema: there is nothing to rename."
    )


def _word_at(analysis: Analysis, path: str, offset: int) -> str | None:
    text = next((f.text for f in analysis.files if f.path == path), None)
    if text is None:
        return None
    for match in _WORD.finditer(text, max(0, offset - 200), min(len(text), offset + 200)):
        if match.start() <= offset <= match.end():
            return match.group()
        if match.start() > offset:
            break
    return None


def rename(analysis: Analysis, path: str, offset: int, new_name: str) -> dict[str, list[TextEdit]]:
    """The edits, per file, that rename the symbol at ``offset`` to ``new_name``.

    A pure rename: every occurrence (declaration, field types, `fields:` /
    `references:`, index lists, `@default` values, `@db.` prefixes) gets the
    new name, and nothing else changes. Database names follow the schema
    names wherever they are derived from them, so renaming a model without
    `@@map` renames its table, a field without `@map` its column (and the
    default names of the constraints and indexes over it), an enum value
    without `@map` the stored value, and a model in an implicit many-to-many
    relation the join table (`_AToB`). To keep the database as it is, add
    `@@map("OldName")` / `@map("oldName")` before renaming (a code action
    offers that); the rename itself stays predictable.

    Raises :class:`RenameError` when there is nothing to rename at
    ``offset``, when ``new_name`` is not a valid name, or when it is already
    taken (another block with that name, another field of the model, another
    value of the enum, another datasource).
    """
    target = prepare_rename(analysis, path, offset)
    if target is None:
        raise RenameError("There is no name to rename here.")
    symbol = target.symbol
    _check_new_name(analysis, symbol, new_name)
    edits: dict[str, list[TextEdit]] = {}
    if new_name == symbol.name:
        return edits
    for occurrence in occurrences_of(analysis, symbol):
        span = occurrence.span
        edits.setdefault(span.path, []).append(TextEdit(span.start, span.end, new_name))
    for file_edits in edits.values():
        file_edits.sort(key=lambda e: e.start)
    return edits


def _check_new_name(analysis: Analysis, symbol: Symbol, new_name: str) -> None:
    what = _LABELS[symbol.kind]
    if not _IDENTIFIER.fullmatch(new_name):
        raise RenameError(
            f"`{new_name}` is not a valid {what} name: a name starts with a letter and holds "
            "only letters, digits and underscores."
        )
    if new_name == symbol.name:
        return
    schema = analysis.schema
    if symbol.kind in ("model", "view", "enum", "type"):
        if new_name in SCALARS or new_name == "Unsupported":
            raise RenameError(
                f"`{new_name}` is a built-in scalar type: {_a(what)} cannot take its name."
            )
        if symbol.kind != "type" and new_name in RESERVED_NAMES:
            raise RenameError(
                f"`{new_name}` is reserved by Prisma Client: {_a(what)} cannot take that name."
            )
        taken = next(
            (
                d
                for d in schema.decls
                if d.block.kind not in ("datasource", "generator") and d.block.name.text == new_name
            ),
            None,
        )
        if taken is not None:
            raise RenameError(
                f"Cannot rename {what} `{symbol.name}` to `{new_name}`: "
                f"{_a(_BLOCK_LABELS[taken.block.kind])} named `{new_name}` already exists."
            )
    elif symbol.kind == "field":
        owner = symbol.parent
        assert isinstance(owner, Model | CompositeType)
        if new_name in owner.by_name:
            raise RenameError(
                f"Cannot rename field `{symbol.name}` to `{new_name}`: "
                f"{_owner_label(owner)} `{owner.name}` already has a field named `{new_name}`."
            )
    elif symbol.kind == "enum_value":
        enum = symbol.parent
        assert isinstance(enum, Enum)
        if any(v.name == new_name for v in enum.values):
            raise RenameError(
                f"Cannot rename enum value `{symbol.name}` to `{new_name}`: "
                f"enum `{enum.name}` already has a value named `{new_name}`."
            )
    elif any(ds.name == new_name for ds in schema.datasources):
        raise RenameError(
            f"Cannot rename datasource `{symbol.name}` to `{new_name}`: "
            f"a datasource named `{new_name}` already exists."
        )


_LABELS = {
    "model": "model",
    "view": "view",
    "enum": "enum",
    "type": "composite type",
    "field": "field",
    "enum_value": "enum value",
    "datasource": "datasource",
}
_BLOCK_LABELS = {"model": "model", "view": "view", "enum": "enum", "type": "composite type"}


def _owner_label(owner: Model | CompositeType) -> str:
    if isinstance(owner, Model):
        return "view" if owner.is_view else "model"
    return "composite type"


def _a(label: str) -> str:
    return ("an " if label[0] in "aeiou" else "a ") + label


__all__ = [
    "KEYWORDS",
    "RenameError",
    "RenameTarget",
    "definition",
    "highlights",
    "prepare_rename",
    "references",
    "rename",
]
