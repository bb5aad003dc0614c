"""A lean LALR driver over Lark's own tables, for input that parses.

Why not just ``Lark.parse``: parsing was three quarters of a cold analysis,
and nearly all of that was Lark's generic per-token machinery rather than
the grammar or the tree builder. For each of the ~250,000 tokens of a
3,000-model schema Lark runs a generator, a ``Token`` constructor with
keyword handling, a line counter object, a parser-state method that looks
actions up by ``Rule`` objects (hashed and compared field by field), and a
callback wrapper per reduction. This module keeps everything that decides
*what* is parsed from Lark and only replaces that loop:

* the LALR table (states, start and end states, shift and reduce actions)
  is Lark's, re-keyed into plain lists and ints;
* tokens come from the compiled scanners of Lark's contextual lexer for
  each parser state (the same regexes in the same priority order, the same
  ignored terminals and the same keyword "unless" re-typing), so the
  contextual choices — ``MODEL_KW`` or ``NAME``, ``LEGACY_COLON`` or
  ``COLON``, ``NUMBER`` or ``NAME`` — come out as Lark makes them;
* reductions call Lark's own callbacks for each rule (the tree builder's
  methods behind Lark's child filters), so children are shaped exactly as
  in ``Lark.parse``;
* tokens are real :class:`lark.Token` objects with every position field
  (offsets, lines, columns) set as Lark's lexer sets them.

The driver only knows the success path. Whenever Lark would raise (no
action for a token, no terminal matches, input ends early) it raises
:class:`NoFastParse` and the caller re-parses with ``Lark.parse``, which
raises Lark's own exception with Lark's own message and expectations.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from lark import Lark, Token, Transformer
from lark.grammar import Rule, Terminal
from lark.lexer import BasicLexer, ContextualLexer, PatternStr, UnlessCallback
from lark.parsers.lalr_analysis import Shift
from lark.visitors import Transformer_InPlace

_END = "$END"


class NoFastParse(Exception):
    """The driver cannot finish this text; ``Lark.parse`` must (and will raise)."""


class Unsupported(Exception):
    """The Lark instance uses a feature the driver does not reproduce."""


# One contextual scanner: its compiled ``match``, the terminals it skips,
# the terminals whose text may span lines, and the keyword re-typing of the
# "unless" callbacks (terminal → exact text → keyword terminal).
_Scanner = tuple[
    Callable[[str, int], Any], frozenset[str], frozenset[str], dict[str, dict[str, str]]
]


class Driver:
    """Parses with the tables and scanners of one LALR ``Lark`` instance.

    ``builder`` is the transformer the ``Lark`` instance was built with; its
    methods are called at reductions with the children Lark would give them.
    """

    def __init__(self, lark: Lark, builder: Transformer[Any, Any]) -> None:
        frontend = lark.parser
        lexer = frontend.lexer
        options = lark.options
        if not isinstance(lexer, ContextualLexer) or options.postlex is not None:
            raise Unsupported("only Lark's contextual lexer without a post-lexer")
        if options.lexer_callbacks or options.maybe_placeholders or options.propagate_positions:
            raise Unsupported("lexer callbacks, placeholders or positions")
        if isinstance(builder, Transformer_InPlace) or options.transformer is not builder:
            raise Unsupported("a different or in-place transformer")
        table = frontend.parser._parse_table
        count = len(table.states)
        if sorted(table.states) != list(range(count)):
            raise Unsupported("parse states are not numbered 0..n-1")
        rule_ids: dict[int, int] = {}
        #: Per rule: what a reduction pops, makes and calls (see :func:`_reduction`).
        self.rules: list[_Reduction] = []
        #: Per state: terminal → next state (≥ 0) or ``~rule`` (< 0) to reduce.
        self.actions: list[dict[str, int]] = []
        #: Per state: nonterminal → state after it is reduced.
        self.gotos: list[dict[str, int]] = []
        for state in range(count):
            actions: dict[str, int] = {}
            gotos: dict[str, int] = {}
            for symbol, (action, arg) in table.states[state].items():
                if action is Shift:
                    (actions if symbol.isupper() else gotos)[symbol] = arg
                    continue
                index = rule_ids.get(id(arg))
                if index is None:
                    index = rule_ids[id(arg)] = len(self.rules)
                    self.rules.append(_reduction(arg, builder))
                actions[symbol] = ~index
            self.actions.append(actions)
            self.gotos.append(gotos)
        self.start_states: dict[str, int] = dict(table.start_states)
        self.end_states: dict[str, int] = dict(table.end_states)
        #: Per state: the scanner of the contextual lexer for that state.
        self.scanners: list[_Scanner] = [_scanner(lexer.lexers[s]) for s in range(count)]

    def parse(self, text: str, start: str) -> Any:
        """The value of the start rule's reduction, or :class:`NoFastParse`."""
        actions = self.actions
        gotos = self.gotos
        rules = self.rules
        scanners = self.scanners
        end_state = self.end_states[start]
        state = self.start_states[start]
        states = [state]
        values: list[Any] = []
        new = str.__new__
        pos = 0
        size = len(text)
        line = 1
        line_start = 0  # offset of the first character of the current line
        stop = -1  # the end state, once the input is used up
        token: Token | None = None
        while True:
            if pos < size:
                match, ignored, multiline, unless = scanners[state]
                m = match(text, pos)
                if m is None:
                    raise NoFastParse
                kind = m.lastgroup
                end = m.end()
                if kind in ignored:
                    if kind in multiline:
                        value = m.group()
                        if "\n" in value:
                            line += value.count("\n")
                            line_start = pos + value.rindex("\n") + 1
                    pos = end
                    continue
                value = m.group()
                token = new(Token, value)
                token.start_pos = pos
                token.line = line
                token.column = pos - line_start + 1
                # Lark counts lines in terminals whose pattern may span lines.
                if "\n" in value and kind in multiline:
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                if kind in unless:  # a keyword that the scanner matched as a name
                    kind = unless[kind].get(value, kind)
                token.type = kind
                token.value = value
                token.end_line = line
                token.end_column = end - line_start + 1
                token.end_pos = end
                pos = end
            else:
                kind, token, stop = _END, None, end_state
            row = actions[state]
            while True:
                action = row.get(kind)
                if action is None:
                    raise NoFastParse
                if action >= 0:
                    if token is None:  # Lark never shifts `$END`
                        raise NoFastParse
                    state = action
                    states.append(state)
                    values.append(token)
                    break
                how, count, origin, shape, callback = rules[~action]
                if how is _ONE:  # one child: the value replaces it
                    state = gotos[states[-2]][origin]
                    states[-1] = state
                    values[-1] = callback([values[-1]])  # type: ignore[misc]
                elif how is _ANY:
                    if count:
                        children = values[-count:]
                        del values[-count:]
                        del states[-count:]
                    else:
                        children = []
                    if shape is not None:
                        children = _shaped(children, shape)
                    state = gotos[states[-1]][origin]
                    states.append(state)
                    values.append(children if callback is None else callback(children))
                elif how is _EXTEND:  # `_rule: _rule …`: Lark extends the first list
                    values[-count].extend(values[1 - count :])
                    del values[1 - count :]
                    del states[1 - count :]
                    state = gotos[states[-2]][origin]
                    states[-1] = state
                elif how is _TAIL:  # children of an inlined last child spliced in
                    children = values[-count:]
                    del values[-count:]
                    del states[-count:]
                    children[-1:] = children[-1]
                    state = gotos[states[-1]][origin]
                    states.append(state)
                    values.append(callback(children))  # type: ignore[misc]
                else:
                    state = gotos[states[-2]][origin]
                    states[-1] = state
                    if how is _LIST:  # an inlined rule of one child
                        values[-1] = [values[-1]]
                    # else _KEEP: the one child is the value
                if state == stop:
                    return values[-1]
                row = actions[state]


# A reduction: its fast path (see ``_ONE``…), how many values it pops, the
# nonterminal it makes, how Lark shapes the children (``None``: as they are;
# else per kept child, whether it is an inlined ``_rule`` to splice in), and
# the builder method that makes the value (``None``: the value *is* the
# children, for an inlined rule).
_Reduction = tuple[
    str, int, str, tuple[tuple[int, bool], ...] | None, Callable[[list[Any]], Any] | None
]
_ONE = "one"
"""One child, kept as it is, and a builder method."""
_LIST = "list"
"""One child of an inlined rule: the value is the list of that child."""
_KEEP = "keep"
"""One child that is the value itself (a ``?rule`` that inlines it)."""
_EXTEND = "extend"
"""An inlined ``_rule: _rule …``: Lark adds the other children to the ``_rule`` list."""
_TAIL = "tail"
"""All children kept, the last an inlined rule to splice in, and a builder method."""
_ANY = "any"
"""Anything else (the general case)."""


def _reduction(rule: Rule, builder: Transformer[Any, Any]) -> _Reduction:
    """How Lark's ``ParseTreeBuilder`` (without placeholders) handles ``rule``.

    Terminals are dropped when ``filter_out`` (anonymous strings, ``_TERMS``)
    unless the rule keeps all tokens; the children of ``_rules`` are spliced
    into their parent; a ``?rule`` without an alias gives its only child
    itself; the builder method is named after the alias, template or rule.
    """
    options = rule.options
    expansion = rule.expansion
    kept = tuple(
        (i, not isinstance(sym, Terminal) and sym.name.startswith("_"))
        for i, sym in enumerate(expansion)
        if options.keep_all_tokens or not (isinstance(sym, Terminal) and sym.filter_out)
    )
    shape = kept if len(kept) < len(expansion) or any(s for _, s in kept) else None
    name = rule.alias or options.template_source or rule.origin.name
    method = getattr(builder, name, None)
    if method is not None and getattr(method, "visit_wrapper", None) is not None:
        raise Unsupported("a builder method with a visit wrapper")
    callback: Callable[[list[Any]], Any] | None
    if rule.origin.name.startswith("_"):
        # Only ever spliced into the parent: the children list is the value.
        if method is not None or (options.expand1 and not rule.alias):
            raise Unsupported("a builder method for an inlined rule")
        callback = None
    elif method is not None:
        callback = method
    else:
        callback = partial(builder.__default__, name, meta=None)
    if options.expand1 and not rule.alias and callback is not None:
        callback = partial(_single_or, callback)
    count = len(expansion)
    how = _ANY
    if count == 1 and shape is None and options.expand1 and not rule.alias:
        how = _KEEP
    elif count == 1 and shape is None:
        how = _LIST if callback is None else _ONE
    elif count > 1 and callback is None:
        if shape == ((0, True), *((i, False) for i in range(1, count))):
            how = _EXTEND
    elif count > 1 and shape == (*((i, False) for i in range(count - 1)), (count - 1, True)):
        how = _TAIL
    return how, count, rule.origin.name, shape, callback


def _shaped(children: list[Any], shape: tuple[tuple[int, bool], ...]) -> list[Any]:
    """The kept children, with those of inlined rules spliced in.

    Like Lark, a leading inlined rule's list is reused, not copied: a long
    left-recursive repetition stays linear.
    """
    out: list[Any] = []
    for index, splice in shape:
        if not splice:
            out.append(children[index])
        elif out:
            out += children[index]
        else:
            out = children[index]
    return out


def _single_or(callback: Callable[[list[Any]], Any], children: list[Any]) -> Any:
    return children[0] if len(children) == 1 else callback(children)


def _scanner(lexer: Any) -> _Scanner:
    if not isinstance(lexer, BasicLexer):
        raise Unsupported("a custom basic lexer")
    scanner = lexer.scanner  # builds the scanner and ``lexer.callback``
    if len(scanner._mres) != 1:
        raise Unsupported("a scanner split over several regexes")
    unless: dict[str, dict[str, str]] = {}
    for kind, callback in lexer.callback.items():
        if not isinstance(callback, UnlessCallback):
            raise Unsupported("a lexer callback other than Lark's keyword re-typing")
        texts: dict[str, str] = {}
        for terminal in callback.scanner.terminals:
            pattern = terminal.pattern
            if not isinstance(pattern, PatternStr) or pattern.flags:
                raise Unsupported("a keyword with regex flags")
            texts.setdefault(pattern.value, terminal.name)
        unless[kind] = texts
    return scanner._mres[0].match, lexer.ignore_types, lexer.newline_types, unless
