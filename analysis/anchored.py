"""Offsets kept relative to a declaration, so that they move with it for free.

After a keystroke the re-analysis moves every declaration after the edit
(``Decl.offset``). A kept finding's span and fix edits lie, most of them, inside
the finding's own declaration: a lint that kept tens of thousands of findings
moved each of their objects too, one by one (at 5,000 models about 29,000 per
keystroke, most of the rules' time after an edit). :func:`pin` turns such an
object, in place, into one whose ``start`` and ``end`` are read as the
declaration's offset plus its own: the declaration's move is theirs.

Pinning changes the object's class to a subclass with the same slots (the
object keeps its identity: everything that holds it sees the move), and is
only done by the lint, to objects it keeps by owning declaration and that lie
inside it. A pinned object reads and compares as the value it stands for;
copying it with ``dataclasses.replace`` gives a plain one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from analysis.model.schema import Span
from analysis.rules.base import Edit


class Anchor(Protocol):
    """What a pinned object is relative to (a :class:`~analysis.model.schema.Decl`)."""

    offset: int


def _start(self: Any) -> int:
    return self._anchor.offset + self._rel_start  # type: ignore[no-any-return]


def _end(self: Any) -> int:
    return self._anchor.offset + self._rel_end  # type: ignore[no-any-return]


def _plain_span(cls: type, *args: Any, **kwargs: Any) -> Span:
    return Span(*args, **kwargs)


def _plain_edit(cls: type, *args: Any, **kwargs: Any) -> Edit:
    return Edit(*args, **kwargs)


# The same slots, read through the anchor; named as the plain class, so that a
# pinned finding prints as the one it stands for. Constructing one (as
# ``dataclasses.replace`` does) makes a plain object.
PinnedSpan = type("Span", (Span,), {
    "__slots__": (), "__module__": __name__, "__new__": _plain_span,
    "start": property(_start), "end": property(_end)})
PinnedEdit = type("Edit", (Edit,), {
    "__slots__": (), "__module__": __name__, "__new__": _plain_edit,
    "start": property(_start), "end": property(_end)})
PINNED = (PinnedSpan, PinnedEdit)

_SET_CLASS = object.__setattr__
_SETTERS = {
    cls: (pinned, cls.__dict__["_anchor"].__set__, cls.__dict__["_rel_start"].__set__,
          cls.__dict__["_rel_end"].__set__)
    for cls, pinned in ((Span, PinnedSpan), (Edit, PinnedEdit))
}


def pin(items: Iterable[Span | Edit], anchor: Anchor) -> None:
    """Make each of ``items`` (plain spans and edits) relative to ``anchor``, in place."""
    offset = anchor.offset
    for item in items:
        pinned, set_anchor, set_start, set_end = _SETTERS[item.__class__]
        set_start(item, item.start - offset)
        set_end(item, item.end - offset)
        set_anchor(item, anchor)
        _SET_CLASS(item, "__class__", pinned)


def is_pinned(item: object) -> bool:
    return item.__class__ in PINNED


def anchor_of(item: object) -> Anchor | None:
    """What ``item`` is pinned to (``None``: a plain object)."""
    return item._anchor if item.__class__ in PINNED else None  # type: ignore[attr-defined]
