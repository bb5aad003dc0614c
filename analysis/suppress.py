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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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


def _comments(tree: SyntaxTree) -> Iterator[tuple[int, Comment]]:
    for segment in tree.segments:
        node = segment.node
        if isinstance(node, Block | Trivia):
            for comment in node.comments:
                yield segment.offset + comment.start, comment


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


def apply_suppressions(
    files: Sequence[SourceFile],
    trees: Sequence[SyntaxTree],
    findings: Iterable[Finding],
    *,
    active: Callable[[str, str], bool],
    severity: Severity = Severity.WARNING,
) -> Suppressed:
    """Drop the findings that a suppression comment names.

    ``active(path, code)`` tells whether rule ``code`` can report in ``path``;
    suppressions of inactive rules are never reported as unused.
    """
    by_path: dict[str, list[Directive]] = {}
    sources = {f.path: f for f in files}
    for source, tree in zip(files, trees, strict=True):
        if has_marker(source.text):
            by_path[source.path] = directives(source, tree)
    if not any(by_path.values()):
        return Suppressed(tuple(findings), ())
    kept = []
    for finding in findings:
        path = finding.span.path
        found = by_path.get(path)
        if not found:
            kept.append(finding)
            continue
        line = sources[path].lines.position(finding.span.start).line
        suppressed = False
        for directive in found:
            if directive.line is not None and directive.line != line:
                continue
            for selector in directive.selectors:
                if selector.codes is not None and finding.code in selector.codes:
                    selector.used = True
                    suppressed = True
        if not suppressed:
            kept.append(finding)
    unused = [
        finding
        for path, found in by_path.items()
        for directive in found
        for finding in _unused(sources[path], directive, active, severity)
    ]
    return Suppressed(tuple(kept), tuple(unused))


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
