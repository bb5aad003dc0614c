"""The Lark parser for the grammar in ``grammars/prisma.lark``, built once."""

from __future__ import annotations

from functools import cache

from lark import Lark

from grammars import GRAMMAR_PATH

STARTS = ("schema", "top", "model_line", "enum_line", "config_line")


@cache
def parser() -> Lark:
    """The LALR parser with the contextual lexer, for every start symbol."""
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        start=list(STARTS),
        maybe_placeholders=False,
        cache=False,
    )
