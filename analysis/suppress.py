"""Suppression comments in the schema.

``// prisma-architect-ignore CODE[, CODE…] — reason`` silences the named rules
on the next line that holds code (when the comment stands on a line of its
own) or on its own line (at the end of a line). ``// prisma-architect-ignore-file
CODE[, …]`` silences them in the whole file. Selectors are codes, prefixes,
names or groups, as in the settings. A finding is on a line when its range
starts there.

A selector that suppressed nothing is reported as ``PAS001``
(unused-suppression), with a safe fix that removes it (or the whole comment).
Selectors of rules that cannot report in that file (not enabled, ignored for
the path, or not for the schema's provider) are not reported as unused.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter, not_

from analysis.diagnostics import Severity
from analysis.model.schema import Span
from analysis.rules.base import Edit, Finding, Fix
from analysis.selectors import UNUSED_SUPPRESSION, resolve
from analysis.syntax.nodes import Block, Comment, Trivia
from analysis.syntax.parse import SyntaxTree
from analysis.text import SourceFile

_MARKER = "prisma-architect-ignore"
_DIRECTIVE = re.compile(r"//[ \t]*prisma-architect-ignore(?P<file>-file)?(?![\w-])[ \t]*:?[ \t]*")
_LIST = re.compile(r"[A-Za-z0-9][\w-]*(?:[ \t]*,[ \t]*[A-Za-z0-9][\w-]*)*")
_SELECTOR = re.compile(r"[A-Za-z0-9][\w-]*")


@dataclass(eq=False)
class Selector:
    """One selector of a directive: its text, its absolute range, the codes it names."""

    text: str
    start: int
    end: int
    codes: frozenset[str] | None
    used: bool = False


@dataclass(eq=False)
class Directive:
    """A suppression comment in ``path`` at ``[start, end)``.

    ``line`` is the zero-based line it silences, ``None`` for the whole file.
    """

    path: str
    start: int
    end: int
    line: int | None
    selectors: list[Selector] = field(default_factory=list)
    own_line: bool = False


def has_marker(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text`` (or the part of it an edit changed, ``[start, end)``) may
    hold a suppression comment: one substring search, as most files hold none.
    A marker that crosses either end counts."""
    if start == 0 and end is None:
        return _MARKER in text
    reach = len(_MARKER) - 1
    stop = len(text) if end is None else min(len(text), end + reach)
    return text.find(_MARKER, max(0, start - reach), stop) >= 0


_OFFSET = attrgetter("offset")


def _comments(tree: SyntaxTree) -> list[tuple[int, Comment]]:
    """The comments that hold the marker, with their absolute start, in order.

    Found from the marker's places in the text (one C scan, then a bisection
    per place), not by walking every segment: a keystroke in a big file with a
    suppression comment reads them again.
    """
    text = tree.text
    segments = tree.segments
    found: dict[int, tuple[int, Comment]] = {}
    at = text.find(_MARKER)
    while at >= 0:
        index = bisect_right(segments, at, key=_OFFSET) - 1
        if index >= 0:
            segment = segments[index]
            node = segment.node
            if isinstance(node, Block | Trivia):
                for comment in node.comments:
                    start = segment.offset + comment.start
                    if start <= at < segment.offset + comment.end:
                        found[start] = start, comment
        at = text.find(_MARKER, at + 1)
    return [found[start] for start in sorted(found)]


def directives(source: SourceFile, tree: SyntaxTree) -> list[Directive]:
    """The suppression comments of one file."""
    out = []
    lines = source.lines
    text = source.text
    for start, comment in _comments(tree):
        if comment.doc:
            continue
        match = _DIRECTIVE.match(comment.text)
        if match is None:
            continue
        line = lines.position(start).line
        own_line = text[lines.line_start(line) : start].strip() == ""
        target: int | None = line
        if match["file"]:
            target = None
        elif own_line:
            target = _next_code_line(source, line)
        directive = Directive(source.path, start, start + len(comment.text), target)
        directive.own_line = own_line
        listed = _LIST.match(comment.text, match.end())
        if listed is not None:
            for item in _SELECTOR.finditer(comment.text, listed.start(), listed.end()):
                resolved = resolve(item.group())
                directive.selectors.append(
                    Selector(
                        item.group(),
                        start + item.start(),
                        start + item.end(),
                        resolved.codes if resolved is not None else None,
                    )
                )
        out.append(directive)
    return out


def _next_code_line(source: SourceFile, line: int) -> int:
    """The first line after ``line`` that is neither blank nor only a comment."""
    lines = source.lines
    for number in range(line + 1, lines.line_count):
        stripped = lines.line_text(number).strip()
        if stripped and not stripped.startswith("//"):
            return number
    return line + 1


@dataclass(frozen=True)
class Suppressed:
    """The findings that remain, and the ``PAS001`` findings of unused suppressions."""

    findings: tuple[Finding, ...]
    unused: tuple[Finding, ...]
    hidden: tuple[Finding, ...] = ()
    """The findings a suppression comment silenced."""


def apply_suppressions(
    files: Sequence[SourceFile],
    trees: Sequence[SyntaxTree],
    findings: Sequence[Finding],
    *,
    active: Callable[[str, str], bool],
    severity: Severity = Severity.WARNING,
) -> Suppressed:
    """Drop the findings that a suppression comment names.

    ``findings`` are in file order then offset (as the lint gives them).
    ``active(path, code)`` tells whether rule ``code`` can report in ``path``;
    suppressions of inactive rules are never reported as unused.
    """
    marked = [f.path for f in files if has_marker(f.text)]
    hidden, unused = suppressions(files, trees, findings, marked, active=active,
                                  severity=severity)
    if not hidden:
        return Suppressed(tuple(findings), unused)
    gone = set(map(id, hidden))
    kept = tuple(compress(findings, map(not_, map(gone.__contains__, map(id, findings)))))
    return Suppressed(kept, unused, hidden)


def suppressions(
    files: Sequence[SourceFile],
    trees: Sequence[SyntaxTree],
    findings: Sequence[Finding],
    marked: Collection[str],
    *,
    active: Callable[[str, str], bool],
    severity: Severity = Severity.WARNING,
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """The findings the suppression comments of the ``marked`` files silence (in
    the order of ``findings``: file order then offset), and the ``PAS001``
    findings of their unused selectors.

    Each directive looks up the findings on its line by bisection, so the work
    follows the directives, not the findings. A finding of an inactive rule
    (say, one per-path ignores turn off) is not silenced and uses no selector.
    """
    by_path: dict[str, list[Directive]] = {}
    sources = {f.path: f for f in files}
    for source, tree in zip(files, trees, strict=True):
        if source.path in marked:
            by_path[source.path] = directives(source, tree)
    if not any(by_path.values()):
        return (), ()
    order = {f.path: i for i, f in enumerate(files)}

    def head(finding: Finding) -> tuple[int, int]:
        span = finding.span
        return order.get(span.path, len(order)), span.start

    hidden: dict[int, Finding] = {}  # by position in ``findings``
    for path, found in by_path.items():
        rank = order[path]
        lines = sources[path].lines
        for directive in found:
            if directive.line is None:  # the whole file
                low, high = (rank, -1), (rank + 1, -1)
            elif directive.line >= lines.line_count:
                continue
            else:
                following = directive.line + 1
                end = (lines.line_start(following) if following < lines.line_count
                       else len(sources[path].text) + 1)
                low, high = (rank, lines.line_start(directive.line)), (rank, end)
            at = bisect_left(findings, low, key=head)
            for where in range(at, bisect_left(findings, high, lo=at, key=head)):
                finding = findings[where]
                if not active(path, finding.code):
                    continue
                for selector in directive.selectors:
                    if selector.codes is not None and finding.code in selector.codes:
                        selector.used = True
                        hidden[where] = finding
    unused = tuple(
        finding
        for path, found in by_path.items()
        for directive in found
        for finding in _unused(sources[path], directive, active, severity)
    )
    return tuple(hidden[where] for where in sorted(hidden)), unused


def _unused(
    source: SourceFile,
    directive: Directive,
    active: Callable[[str, str], bool],
    severity: Severity,
) -> Iterator[Finding]:
    path = directive.path
    if not directive.selectors:
        yield Finding(
            UNUSED_SUPPRESSION,
            "Unused suppression: it names no rule; write "
            "`// prisma-architect-ignore CODE — reason`",
            severity,
            Span(path, directive.start, directive.end),
            fixes=(_remove_comment(source, directive),),
        )
        return
    unused = [
        s
        for s in directive.selectors
        if not s.used and (s.codes is None or any(active(path, c) for c in s.codes))
    ]
    everything = len(unused) == len(directive.selectors)
    for selector in unused:
        if selector.codes is None:
            message = f"Unused suppression: `{selector.text}` is not a rule code or name"
        else:
            message = f"Unused suppression: no `{selector.text}` finding here"
        fix = (
            _remove_comment(source, directive)
            if everything
            else _remove_selector(source, directive, selector)
        )
        yield Finding(
            UNUSED_SUPPRESSION,
            message,
            severity,
            Span(path, selector.start, selector.end),
            fixes=(fix,),
            unnecessary=True,
        )


def _remove_comment(source: SourceFile, directive: Directive) -> Fix:
    """Remove the comment; its whole line when it stands alone."""
    text = source.text
    lines = source.lines
    line = lines.position(directive.start).line
    if directive.own_line and text[directive.end : lines.line_end(line)].strip() == "":
        start = lines.line_start(line)
        end = lines.line_start(line + 1) if line + 1 < lines.line_count else len(text)
    else:
        start = directive.start
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        end = directive.end
    return Fix("Remove the unused suppression comment", (Edit(source.path, start, end, ""),))


def _remove_selector(source: SourceFile, directive: Directive, selector: Selector) -> Fix:
    """Remove one selector and the comma that joins it to its neighbour."""
    index = directive.selectors.index(selector)
    if index + 1 < len(directive.selectors):  # up to the next selector
        start, end = selector.start, directive.selectors[index + 1].start
    else:  # from the end of the previous one
        start, end = directive.selectors[index - 1].end, selector.end
    return Fix(
        f"Remove `{selector.text}` from the suppression comment",
        (Edit(source.path, start, end, ""),),
    )
