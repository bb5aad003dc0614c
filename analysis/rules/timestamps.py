"""What the timestamp rules (PAI004, PAI005) share: the names of the creation and
update timestamps, and how a default says "now". Not a rule module."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from analysis.model.schema import Field, Model
from analysis.rules.relation_edits import words
from analysis.syntax.nodes import FuncCall, StringLit


class TimestampOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    created_names: tuple[str, ...] = (
        "createdAt",
        "createdOn",
        "createdDate",
        "createDate",
        "createTime",
        "creationDate",
        "dateCreated",
        "insertedAt",
    )
    """Names of the creation timestamp (`created_at` matches `createdAt`); the first one
    is the name the fixes write."""
    updated_names: tuple[str, ...] = (
        "updatedAt",
        "updatedOn",
        "updatedDate",
        "updateDate",
        "updateTime",
        "modifiedAt",
        "lastModified",
        "dateModified",
        "writeDate",
    )
    """Names of the update timestamp (`updated_at` matches `updatedAt`)."""
    ignore_models: tuple[str, ...] = ()
    """Models the timestamp rules leave alone."""
    insert_only_ok: bool = True
    """PAI004: a model with a creation timestamp but no update timestamp is taken as
    insert-only (its rows never change) and not flagged."""


@cache
def key(name: str) -> str:
    """``name`` without case or separators (`created_at` → `createdat`). Cached: the
    timestamp rules ask for every field of every model."""
    return "".join(words(name))


@cache
def keys(names: tuple[str, ...]) -> frozenset[str]:
    """The :func:`key` of each name."""
    return frozenset(key(n) for n in names)


def named(model: Model, names: tuple[str, ...]) -> Field | None:
    wanted = keys(names)
    for fld in model.fields:
        if fld.kind != "model" and key(fld.name) in wanted:
            return fld
    return None


def defaults_to_now(fld: Field) -> bool:
    """`@default(now())`, or a database default that is the current time."""
    attr = fld.default
    if attr is None:
        return False
    argument = attr.arg("value", 0)
    value = argument.value if argument is not None else None
    if not isinstance(value, FuncCall):
        return False
    if value.name.text == "now":
        return True
    if value.name.text == "dbgenerated":
        inner = value.args.args[0].value if value.args.args else None
        text = inner.value.lower() if isinstance(inner, StringLit) else ""
        return any(w in text for w in ("now()", "current_timestamp", "getdate", "sysdate"))
    return False
