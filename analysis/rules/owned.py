"""The relations a model-scoped rule reports on through their foreign key side."""

from __future__ import annotations

from collections.abc import Sequence

from analysis.model.schema import Relation
from analysis.rules.base import RuleContext


def forward_relations(ctx: RuleContext) -> Sequence[Relation]:
    """The relations of the context whose forward field (the side that holds
    the foreign key) belongs to a model reported on.

    A restricted run's relations are every relation touching one of its models:
    for a model that many others reference (`createdBy` of every table), that is
    hundreds of relations owned by models outside the run, whose results would
    be thrown away. Rules that read a relation only for its forward model (its
    foreign key fields live there, and so do the findings) walk these instead;
    a whole run gets all relations as they are.
    """
    scope = ctx.scope
    if scope is None:
        return ctx.schema.relations
    models = {id(m) for m in scope.models}
    return [r for r in scope.relations if id(r.forward.owner) in models]
