"""The relation pipeline's findings kept by declaration between keystrokes.

Prisma's relation checks (:class:`~analysis.validate.relations.Pipeline`)
stop early: an ambiguity stops them all, and the last checks of a one-to-one
relation run only while nothing is wrong so far. So whether a finding shows
depends on the whole schema, and a schema with (or an edit creating) one
relation error would otherwise re-run them over every declaration on each
keystroke.

The pipeline tags every finding with the part of it that reported it and its
relation, having run each relation's checks as if it were the first with a
problem; which of them Prisma shows is decided afterwards from the tags
(:func:`~analysis.validate.relations.shown`). The tagged findings of
everything but the chains of referential actions depend only on a
declaration and its neighbours (as the local checks of
:mod:`analysis.validate` do), so they are kept by owning block and only the
dirty declarations' are found again. What cannot be kept that way falls back
to a whole run: an ambiguity, findings along chains of referential actions
(kept only while there are none, which a quick look at the action graph
tells), and SQL Server's multiple cascade paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.diagnostics import Diagnostic
from analysis.model.schema import Field, Model, Relation, Schema
from analysis.reuse import Change, Locator, Shifter, touches, touching
from analysis.validate.relations import (
    IN_CHAIN,
    Entry,
    Pipeline,
    check_relation_attributes,
    shown,
)
from analysis.validate.report import Report


@dataclass(slots=True)
class RelationParts:
    """The pipeline's tagged findings by owning block (no ambiguity nor chain
    finding among them)."""

    entries: dict[int, list[Entry]]

    def shown(self, schema: Schema, before: int) -> list[Diagnostic] | None:
        """What Prisma shows of them after ``before`` errors of earlier checks
        (``None``: a kept finding's relation is gone, run the checks whole)."""
        return shown(
            (entry for items in self.entries.values() for entry in items),
            before, schema.relations,
        )

    def update(self, schema: Schema, before: Locator, locator: Locator, change: Change,
               shifter: Shifter | None) -> bool:
        """Check again what the edit (``change``; ``before`` locates the blocks
        of the schema before it) can have changed and keep the rest (moved by
        ``shifter``); ``False`` (then unusable) when the findings cannot be
        kept by declaration.

        A relation's checks read its two models, a field's checks its model
        and the model it names: they run again for the relations that join a
        changed declaration and for the fields of a changed model or naming
        one. A neighbour of a changed declaration (dirty for the local checks)
        keeps the findings of its other relations and fields.
        """
        if _multiple_paths(schema) or (_cycles(schema) and not cycle_free(schema)):
            return False
        changed = changed_blocks(change, before)
        redone = changed | change.removed
        relations = (change.relations if change.relations is not None
                     else touching(schema.relations, change.dirty))
        models = [e for e in change.entities if isinstance(e, Model)]

        def reached(model: Model, fld: Field) -> bool:
            target = fld.target
            return id(model.decl.block) in changed or (
                target is not None and id(target.decl.block) in changed)

        pipeline = Pipeline(schema, chains=False, models=models, reached=reached,
                            relations=[r for r in relations if touches(r, changed)])
        pipeline.run()
        if pipeline.ambiguous:
            return False
        dirty = change.dirty
        mine: dict[int, list[Entry]] = {}
        for entry in pipeline.entries:
            diagnostic = entry[0]
            owner = locator.owner(diagnostic.path, diagnostic.start)
            if owner is None:
                return False
            if owner in dirty:
                mine.setdefault(owner, []).append(entry)
        entries = self.entries
        for key in change.removed:
            entries.pop(key, None)
        for key in dirty:
            items = entries.pop(key, None)
            if items is not None and key not in changed:
                items = [e for e in items if not _redone(e, redone)]
                if items:
                    entries[key] = items
        if shifter is not None:
            for items in entries.values():
                for entry in items:
                    if not shifter.diagnostic(entry[0]):
                        return False
        for key, items in mine.items():
            entries.setdefault(key, []).extend(items)
        return True


def attributes_again(
    parts: dict[int, list[Diagnostic]], schema: Schema, view: Schema, before: Locator,
    locator: Locator, change: Change, shifter: Shifter | None,
) -> bool:
    """:func:`~analysis.validate.relations.check_relation_attributes` after an
    edit: the fields of the changed models and the fields naming a changed
    model are checked again (a field's `@relation` reads its model and the
    model it names), the dirty composite types whole; ``parts`` (the previous
    diagnostics by owning block) are updated in place, ``False`` when they
    cannot be."""
    changed = changed_blocks(change, before)

    def reached(model: Model, fld: Field) -> bool:
        target = fld.target
        return id(model.decl.block) in changed or (
            target is not None and id(target.decl.block) in changed)

    report = Report()
    check_relation_attributes(view, report, reached)
    dirty = change.dirty
    mine: dict[int, list[Diagnostic]] = {}
    for diagnostic in report.diagnostics:
        owner = locator.owner(diagnostic.path, diagnostic.start)
        if owner is None:
            return False
        if owner in dirty:
            mine.setdefault(owner, []).append(diagnostic)
    for key in change.removed:
        parts.pop(key, None)
    neighbours: dict[int, list[Diagnostic]] = {}
    for key in dirty:
        items = parts.pop(key, None)
        if items and key not in changed:
            neighbours[key] = items
    if shifter is not None:
        for items in (*parts.values(), *neighbours.values()):
            if not shifter.items(items):
                return False
    for model in view.all_models:
        key = id(model.decl.block)
        items = neighbours.pop(key, None)
        if items is None:
            continue
        redone = [model.decl.span(fld.node) for fld in model.fields if reached(model, fld)]
        kept = [d for d in items
                if not any(s.path == d.path and s.start <= d.start <= s.end for s in redone)]
        if kept:
            parts[key] = kept
    for key, items in mine.items():
        parts.setdefault(key, []).extend(items)
    return True


def _redone(entry: Entry, redone: frozenset[int]) -> bool:
    """Whether the checks that found ``entry`` ran again (they read a declaration
    in ``redone``: a changed one, old or new)."""
    _, _, relation, fld = entry
    if relation is not None:
        return touches(relation, redone)
    if fld is None:
        return True
    target = fld.target
    return id(fld.owner.decl.block) in redone or (
        target is not None and id(target.decl.block) in redone)


def changed_blocks(change: Change, before: Locator) -> frozenset[int]:
    """The blocks of the dirty declarations that the edit changed (not merely
    neighbours of changed ones): those in the re-parsed region, and those
    whose block is not the one at their place before the edit."""
    region = change.region
    out: set[int] = set()
    for entity in change.entities:
        decl = entity.decl
        block = decl.block
        offset = decl.offset
        if decl.path == region.path:
            if region.old_start <= offset < region.new_end:
                out.add(id(block))
                continue
            if offset >= region.new_end:
                offset -= region.delta
        if before.owner(decl.path, offset + block.start) != id(block):
            out.add(id(block))
    return frozenset(out)


def kept(pipeline: Pipeline, locator: Locator) -> RelationParts | None:
    """The findings of a whole run by owning block, if they can be kept so."""
    schema = pipeline.schema
    if pipeline.ambiguous or _multiple_paths(schema):
        return None
    entries: dict[int, list[Entry]] = {}
    for entry in pipeline.entries:
        diagnostic, part, _, _ = entry
        owner = locator.owner(diagnostic.path, diagnostic.start)
        if owner is None or part == IN_CHAIN:
            return None
        entries.setdefault(owner, []).append(entry)
    return RelationParts(entries)


def _cycles(schema: Schema) -> bool:
    """Whether the pipeline looks for cycles of referential actions."""
    return schema.provider == "sqlserver" or schema.relation_mode == "prisma"


def _multiple_paths(schema: Schema) -> bool:
    """Whether it looks for multiple cascade paths (not kept by declaration)."""
    return schema.provider == "sqlserver" and schema.relation_mode != "prisma"


def _triggers(relation: Relation) -> bool:
    return any(a not in ("NoAction", "Restrict", None)
               for a in (relation.on_delete, relation.on_update))


def cycle_free(schema: Schema) -> bool:
    """Whether no relation has a cycle of referential actions (the pipeline's
    ``_cycles`` finds nothing), by one walk of the action graph per related
    model instead of one search per relation.

    The pipeline reports a relation whose referential actions reach, through
    relations that trigger actions, a self-relation or the relation's own
    referencing model.
    """
    onward: dict[int, list[Relation]] = {}
    for r in schema.relations:
        if (r.kind != "N:M" and not r.back_only and r.back is not None
                and r.referenced_model is not None and _triggers(r)):
            onward.setdefault(id(r.referencing_model), []).append(r)
    reached: dict[int, tuple[set[int], bool]] = {}
    for r in schema.relations:
        if (r.kind == "N:M" or r.back_only or r.referencing_field is None
                or r.back_field is None or not _triggers(r)):
            continue
        target = r.referenced_model
        if target is None:
            continue
        parent = r.referencing_model
        if parent is target:
            return False
        found = reached.get(id(target))
        if found is None:
            found = reached[id(target)] = _reach(target, onward)
        models, self_relation = found
        if self_relation or id(parent) in models:
            return False
    return True


def _reach(start: Model, onward: dict[int, list[Relation]]) -> tuple[set[int], bool]:
    """The models the actions of ``start`` reach, and whether they reach a self-relation."""
    seen = {id(start)}
    models: set[int] = set()
    self_relation = False
    todo = [start]
    while todo:
        model = todo.pop()
        for r in onward.get(id(model), ()):
            target = r.referenced_model
            assert target is not None
            if target is r.referencing_model:
                self_relation = True
            models.add(id(target))
            if id(target) not in seen:
                seen.add(id(target))
                todo.append(target)
    return models, self_relation
