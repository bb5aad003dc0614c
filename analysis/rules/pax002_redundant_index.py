"""PAX002 redundant-index."""

from __future__ import annotations

from collections.abc import Iterator

from analysis.diagnostics import Severity
from analysis.fixes import remove_member
from analysis.model.schema import Index, Model
from analysis.rules.base import Finding, Fix, Group, Rule, RuleContext
from analysis.rules.coverage import EXACT_ONLY, same_columns

_BTREE = (None, "BTree")


class RedundantIndex(Rule):
    """
    ## What it does
    Flags an `@@index` whose columns are the leading columns, in the same order, of another
    B-tree index, unique constraint or primary key of the model, or exactly the columns of
    another index of the same type.

    ## Why is this bad?
    A B-tree index on `(a, b)` answers every lookup, range scan and sort on `a` alone, so a
    second index on `(a)` serves no query the first one cannot. It still costs: every insert,
    every update of `a` and every delete writes both, both take memory in the buffer cache,
    and the planner has one more plan to weigh. The same holds for an index next to a unique
    constraint or primary key on the same columns: the constraint is itself an index.

    ## Example
    ```prisma
    model Task {
      id        Int    @id
      projectId Int
      status    String

      @@index([projectId])
      @@index([projectId, status])
    }
    ```

    ## Use instead
    ```prisma
    model Task {
      id        Int    @id
      projectId Int
      status    String

      @@index([projectId, status])
    }
    ```

    ## Fix safety
    Unsafe: the fix drops an index from the database. No data changes, but check first that
    nothing names the index (raw SQL, index hints, monitoring), and that the remaining index
    is not much wider than the one dropped on a hot path (a narrow index is smaller to scan).

    ## When to ignore
    When a query plan shows that the narrow index is measurably faster because the wider one
    is very wide. An index of another type (`Hash`, `Gin`, ...), with its own sort order
    (beyond a plain reversal), prefix length or operator class, or a clustered one is never
    flagged; nor is an index with a `map:` name that a comment next to it, or one naming it,
    explains.
    """

    code = "PAX002"
    name = "redundant-index"
    group = Group.INDEXING
    severity = Severity.WARNING
    neighbours = "own"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for model in ctx.tables:
            for index in model.indexes:
                finding = self._check(ctx, model, index)
                if finding is not None:
                    yield finding

    def _check(self, ctx: RuleContext, model: Model, index: Index) -> Finding | None:
        if index.kind != "index" or index.clustered or not _resolved(index):
            return None
        if _explained_map(ctx, model, index):
            return None
        other = _made_redundant_by(model, index)
        if other is None:
            return None
        text = ctx.text(model.decl.path)
        this = _render(index)
        names = ", ".join(index.field_names)
        if len(other.fields) == len(index.fields):
            earlier = " declared before it" if other.kind == "index" else ""
            why = f"it duplicates `{_render(other)}`{earlier}"
        else:
            why = f"`{_render(other)}` starts with `{names}` and serves the same lookups"
        fix = Fix(
            f"Remove the redundant `{this}`",
            (remove_member(text, model.decl, index.attribute),),
            safe=False,
        )
        return self.finding(
            ctx,
            index.span,
            f"`{this}` on `{model.name}` is redundant: {why}, and every write pays for both.",
            related=((other.span, f"`{_render(other)}` makes `{this}` redundant"),),
            fixes=(fix,),
            unnecessary=True,
        )


def _made_redundant_by(model: Model, index: Index) -> Index | None:
    """The id, unique or index that serves every lookup ``index`` serves: a constraint
    first (it stays), else the widest index (so that every finding names the survivor)."""
    indexes = model.all_indexes
    found = [other for other in indexes if _serves(indexes, index, other)]
    return min(found, key=lambda o: (o.kind == "index", -len(o.fields)), default=None)


def _serves(indexes: list[Index], index: Index, other: Index) -> bool:
    if other is index or other.kind == "fulltext":
        return False
    if not other.fields or other.fields[0].name != index.fields[0].name:
        return False  # the columns are compared in order: the first ones must match
    equal = len(other.fields) == len(index.fields)
    if equal and other.kind == "index" and indexes.index(other) > indexes.index(index):
        return False  # of two equal indexes, the second one is the redundant one
    if index.type in _BTREE:
        if other.type not in _BTREE or len(other.fields) < len(index.fields):
            return False
        return same_columns(index.fields, other.fields[: len(index.fields)], reversible=True)
    if index.type in EXACT_ONLY and other.type == index.type and equal:
        return same_columns(index.fields, other.fields, reversible=False)
    return False


def _explained_map(ctx: RuleContext, model: Model, index: Index) -> bool:
    """Whether the index has a `map:` name and a comment explains it: one on its line, one
    on the line right above it, or one anywhere in the model that names it."""
    if index.map is None:
        return False
    text = ctx.text(model.decl.path)
    start = model.decl.offset + index.attribute.start
    line_start = text.rfind("\n", 0, start) + 1
    above_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    for comment in model.block.comments:
        at = model.decl.offset + comment.start
        if index.map in comment.text or line_start <= at < line_end:
            return True
        if above_start <= at < line_start and not text[above_start:at].strip():
            return True
    return False


def _resolved(index: Index) -> bool:
    """Whether the index has fields and every one names a field (validation reports the
    others)."""
    return bool(index.fields) and all(f.field is not None for f in index.fields)


def _render(index: Index) -> str:
    """How the index reads in the schema: `email @unique` or `@@index([a, b])`."""
    if index.on_field:
        return f"{index.fields[0].name} @{index.kind}"
    return f"@@{index.kind}([{', '.join(index.field_names)}])"
