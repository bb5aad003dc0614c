"""Cheaper constructors for the frozen syntax nodes, used by the tree builder.

The ``__init__`` that ``dataclass(frozen=True)`` writes sets every field
through ``object.__setattr__`` (looked up and called once per field). The
builder makes about one node per token, and on a large schema that
bookkeeping was a visible share of parsing. :func:`maker` returns a function
that makes the identical object — same class, same slots, same values —
by calling each slot's own descriptor, at about half the cost. Nodes stay
frozen: nothing else can assign their fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """``cls(*values)`` (positional, every field given) for a frozen slotted dataclass."""
    setters = [getattr(cls, f.name).__set__ for f in fields(cls)]  # type: ignore[arg-type]
    if getattr(cls, "__post_init__", None) is not None or not 3 <= len(setters) <= 8:
        return cls
    new = object.__new__
    s0, s1, s2, *more = setters
    if len(setters) == 3:

        def make3(a: Any, b: Any, c: Any) -> T:
            node = new(cls)
            s0(node, a)
            s1(node, b)
            s2(node, c)
            return node

        return make3
    s3, *more = more
    if len(setters) == 4:

        def make4(a: Any, b: Any, c: Any, d: Any) -> T:
            node = new(cls)
            s0(node, a)
            s1(node, b)
            s2(node, c)
            s3(node, d)
            return node

        return make4
    s4, *more = more
    if len(setters) == 5:

        def make5(a: Any, b: Any, c: Any, d: Any, e: Any) -> T:
            node = new(cls)
            s0(node, a)
            s1(node, b)
            s2(node, c)
            s3(node, d)
            s4(node, e)
            return node

        return make5
    s5, *more = more
    if len(setters) == 6:

        def make6(a: Any, b: Any, c: Any, d: Any, e: Any, f: Any) -> T:
            node = new(cls)
            s0(node, a)
            s1(node, b)
            s2(node, c)
            s3(node, d)
            s4(node, e)
            s5(node, f)
            return node

        return make6
    s6, *more = more
    if len(setters) == 7:

        def make7(a: Any, b: Any, c: Any, d: Any, e: Any, f: Any, g: Any) -> T:
            node = new(cls)
            s0(node, a)
            s1(node, b)
            s2(node, c)
            s3(node, d)
            s4(node, e)
            s5(node, f)
            s6(node, g)
            return node

        return make7
    (s7,) = more

    def make8(a: Any, b: Any, c: Any, d: Any, e: Any, f: Any, g: Any, h: Any) -> T:
        node = new(cls)
        s0(node, a)
        s1(node, b)
        s2(node, c)
        s3(node, d)
        s4(node, e)
        s5(node, f)
        s6(node, g)
        s7(node, h)
        return node

    return make8
