"""A pinned span or edit reads, compares and copies as the value it stands for,
and moves with its declaration."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from analysis.anchored import anchor_of, is_pinned, pin
from analysis.model.schema import Span
from analysis.rules.base import Edit


class _Decl:
    def __init__(self, offset: int) -> None:
        self.offset = offset


def test_a_pinned_span_moves_with_its_declaration_and_keeps_its_identity() -> None:
    decl = _Decl(100)
    span = Span("a.prisma", 110, 115)
    held = [span]
    pin(held, decl)
    assert held[0] is span and is_pinned(span) and anchor_of(span) is decl
    assert (span.path, span.start, span.end) == ("a.prisma", 110, 115)
    decl.offset = 130
    assert (span.start, span.end) == (140, 145)
    assert span == Span("a.prisma", 140, 145) and Span("a.prisma", 140, 145) == span
    assert hash(span) == hash(Span("a.prisma", 140, 145))
    assert span != Span("a.prisma", 110, 115)
    assert repr(span) == "Span(path='a.prisma', start=140, end=145)"


def test_a_pinned_edit_moves_and_compares_by_value() -> None:
    decl = _Decl(0)
    edit = Edit("a.prisma", 5, 8, "BigInt")
    pin([edit], decl)
    decl.offset = -2
    assert edit == Edit("a.prisma", 3, 6, "BigInt")
    assert edit != Edit("a.prisma", 3, 6, "Int")
    assert repr(edit) == "Edit(path='a.prisma', start=3, end=6, new_text='BigInt')"


def test_copies_are_plain_and_pinned_objects_stay_frozen() -> None:
    decl = _Decl(10)
    span, edit = Span("a.prisma", 12, 14), Edit("a.prisma", 12, 14, "x")
    pin([span, edit], decl)
    copy = replace(span, end=20)
    assert not is_pinned(copy) and copy == Span("a.prisma", 12, 20)
    assert not is_pinned(replace(edit)) and replace(edit) == edit
    decl.offset = 0
    assert copy == Span("a.prisma", 12, 20)  # the copy does not follow
    with pytest.raises(FrozenInstanceError):
        span.start = 3  # type: ignore[misc]
    assert anchor_of(Span("a.prisma", 1, 2)) is None
