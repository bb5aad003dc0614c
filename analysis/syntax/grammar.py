"""The Lark parsers for the grammar in ``grammars/prisma.lark``, built once.

Two parsers share the grammar. :func:`parser` builds Lark parse trees (for
tests and tools that want the raw tree). :func:`parse_nodes` is what the
tolerant parser uses: the same LALR tables with :class:`TreeBuilder` applied
*inline*, at each reduction, so no intermediate parse tree is built. On a
5,000-model schema that halves parsing time, which is why it deviates from
a separate transformer pass. Both use Lark's grammar cache, so a new process
skips the grammar analysis (most of the start-up time of the CLI).

:func:`parse_nodes` does not run Lark's own parse loop on input that parses:
:mod:`analysis.syntax.driver` walks Lark's tables with Lark's scanners and
calls the builder the way Lark would, at a fraction of Lark's per-token
cost. Input that fails is parsed again by ``Lark.parse`` for its exception.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Literal

from lark import Lark

from analysis.syntax.build import TreeBuilder
from analysis.syntax.driver import Driver, NoFastParse, Unsupported
from analysis.syntax.nodes import SyntaxIssue
from grammars import GRAMMAR_PATH

STARTS = ("schema", "top", "model_line", "enum_line", "config_line")

#: Deeper bracket nesting than this is refused before parsing: the nodes
#: would be too deep for the recursive walks of later stages.
MAX_NESTING = 64


class TooDeep(Exception):
    """The text nests brackets or calls deeper than :data:`MAX_NESTING`."""


def _lark(**options: Any) -> Lark:
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        start=list(STARTS),
        maybe_placeholders=False,
        cache=True,
        **options,
    )


@cache
def parser() -> Lark:
    """The LALR parser with the contextual lexer, building Lark trees."""
    return _lark()


_LOCK = threading.Lock()  # the builder carries per-parse state


@cache
def _building() -> tuple[Lark, TreeBuilder, Driver | None]:
    builder = TreeBuilder()
    lark = _lark(transformer=builder)
    try:
        driver: Driver | None = Driver(lark, builder)
    except (Unsupported, AttributeError, KeyError, TypeError, ValueError):
        # A Lark release laid out differently (the driver reads some of Lark's
        # private attributes): ``Lark.parse`` parses everything, as before.
        driver = None
    return lark, builder, driver


Engine = Literal["driver", "lark"]


def parse_nodes(text: str, start: str, base: int = 0) -> tuple[Any, list[SyntaxIssue]]:
    """Parse ``text`` from ``start`` straight into syntax nodes.

    Offsets are shifted by ``base``. Raises Lark's ``UnexpectedInput`` on a
    syntax error and :class:`TooDeep` on excessive nesting.

    The fast :class:`~analysis.syntax.driver.Driver` parses; when it cannot
    (any error at all), ``Lark.parse`` parses the text again, so a failure
    raises exactly what Lark raises.
    """
    if _too_deep(text):
        raise TooDeep
    with _LOCK:
        try:
            return _parse_with("driver", text, start, base)
        except Exception:
            return _parse_with("lark", text, start, base)


def parse_nodes_with(
    engine: Engine, text: str, start: str, base: int = 0
) -> tuple[Any, list[SyntaxIssue]]:
    """Like :func:`parse_nodes`, by one engine only and without falling back.

    ``"lark"`` is the reference (``Lark.parse`` with the builder inline);
    ``"driver"`` raises :class:`~analysis.syntax.driver.NoFastParse` where
    the reference raises a syntax error. The equivalence tests compare them.
    """
    if _too_deep(text):
        raise TooDeep
    with _LOCK:
        return _parse_with(engine, text, start, base)


def _parse_with(engine: Engine, text: str, start: str, base: int) -> tuple[Any, list[SyntaxIssue]]:
    """One parse; the caller holds ``_LOCK`` (the builder carries per-parse state)."""
    lark, builder, driver = _building()
    builder.base = base
    builder.issues = []
    try:
        if engine == "lark":
            result = lark.parse(text, start=start)
        elif driver is None:
            raise NoFastParse
        else:
            result = driver.parse(text, start)
    finally:
        issues, builder.issues = builder.issues, []
    return result, issues


def _too_deep(text: str) -> bool:
    if text.count("(") + text.count("[") <= MAX_NESTING:
        return False
    # The depth starts again at each `\n`: only a line with enough openers
    # can go too deep, and only such lines are walked character by character.
    for line in text.split("\n"):
        if line.count("(") + line.count("[") <= MAX_NESTING:
            continue
        depth = 0
        for char in line:
            if char in "([":
                depth += 1
                if depth > MAX_NESTING:
                    return True
            elif char in ")]" and depth:
                depth -= 1
    return False
