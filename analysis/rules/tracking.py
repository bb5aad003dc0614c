"""What a model-scoped rule reads of models other than the one it reports on.

A model-scoped rule (:attr:`~analysis.rules.base.Rule.scope`) reruns after an
edit on the dirty models: the changed ones and their neighbours (see
:mod:`analysis.reuse`). Some rules report inside a model from what *other*
models hold, beyond those neighbours: the model a field's name speaks of
(`authorId` → `Author`), the models of a foreign key chain, the models of a
cycle of required relations. Such a rule names a :class:`Tracker` with a
``track`` class method; the tracker follows the schema across edits and tells
which other models must run again, so that the findings of every other model
can be kept.

Not a rule module: it defines no :class:`~analysis.rules.base.Rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import cast

from analysis.model.schema import Model
from analysis.rules.base import Rule, RuleContext, Scope


class Tracker:
    """Follows what a rule reads across other models, edit after edit.

    Built at the first edit after a whole run (``Rule.track``, from the schema
    that run linted: the edited declarations are new objects, the others kept);
    after each edit :meth:`update` sees the new versions of the dirty
    declarations. Only the declaration signature is then unchanged (names,
    kinds, table names, views, `@@ignore`): a tracker keyed by names stays valid.
    Its :meth:`facts` must equal the rule's
    :meth:`~analysis.rules.base.Rule.schema_facts` of the same schema.
    """

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        """Record the dirty declarations of ``scope`` (new versions, from
        ``ctx.schema``; its relations are those that join a dirty model); the
        other models whose findings may have changed."""
        return ()

    def facts(self) -> Hashable:
        """The schema facts after the last update."""
        return None


TrackerFactory = Callable[[RuleContext], Tracker]


def tracker_of(rule: type[Rule]) -> TrackerFactory | None:
    """The rule's ``track`` class method, if it has one."""
    return cast("TrackerFactory | None", getattr(rule, "track", None))


def is_foreign_key(model: Model, name: str) -> bool:
    """Whether the scalar field ``name`` of ``model`` is in a relation's `fields:`."""
    for fld in model.fields:
        attr = fld.relation_attr
        if fld.kind == "model" and attr is not None and attr.fields and name in attr.fields:
            return True
    return False


class KeyChains(Tracker):
    """For rules that report on a key from the foreign keys that reference it,
    directly or through a key that is itself a foreign key (a shared primary
    key): after an edit, the models up those chains from a dirty model."""

    def update(self, ctx: RuleContext, scope: Scope) -> Iterable[Model]:
        listed = {id(m) for m in scope.models}
        views = scope.views
        # From the dirty models, only the relations that may have changed (an
        # edited model's to the edited and viewed ones, a viewed model's to the
        # edited ones) and, from a viewed one, those through its keys (what
        # referenced them may have changed); up a chain, through every key
        # that is a foreign key.
        todo: list[tuple[Model, frozenset[str] | None]] = [(m, None) for m in scope.models]
        edited: frozenset[str] = frozenset()
        if views is not None:
            edited = views.edited
            ends = edited | views.viewed
            todo = [(m, ends if m.name in edited else edited) for m in scope.models]
        walked = {id(m) for m, only in todo if only is None}  # walked with no filter
        out: list[Model] = []
        while todo:
            model, only = todo.pop()
            viewed = only is not None and model.name not in edited
            keys = _key_names(model) if viewed else frozenset()
            for fld in model.fields:
                relation = fld.relation
                if fld.kind != "model" or relation is None or relation.forward is not fld:
                    continue
                if (only is not None and fld.type_name not in only
                        and keys.isdisjoint(f.name for f in relation.fk_fields)):
                    continue
                for ref in relation.referenced_fields:
                    owner = ref.owner
                    if not isinstance(owner, Model):
                        continue
                    if id(owner) not in listed:
                        listed.add(id(owner))
                        out.append(owner)
                    # Up the chain only through a key that is itself a foreign key.
                    if id(owner) not in walked and is_foreign_key(owner, ref.name):
                        walked.add(id(owner))
                        todo.append((owner, None))
        return out


def _key_names(model: Model) -> frozenset[str]:
    """The fields of the model's primary key and unique constraints."""
    indexes = [model.primary_key, *model.uniques] if model.primary_key else model.uniques
    return frozenset(name for index in indexes for name in index.field_names)
