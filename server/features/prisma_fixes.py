"""Quick fixes for Prisma's own errors (``PAE``/``PAW``), as code actions.

pygls takes one handler per method, so this module registers none: the code
action handler (``code_actions.quick_fixes``) adds :func:`validation_fixes`.
A diagnostic is asked about when it touches the request's range or one of the
diagnostics the client sent — clients send the range of the cursor, the
official Prisma harness sends 0:0 with the diagnostics to fix.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from analysis.ide.prisma_fixes import ValidationFix
from analysis.ide.prisma_fixes import validation_fixes as fixes_of
from server.app import ArchitectServer
from server.diagnostics import LSP_SEVERITY, SOURCE
from server.edits import workspace_edit
from server.snapshot import Snapshot


def validation_fixes(
    ls: ArchitectServer, snap: Snapshot, params: types.CodeActionParams
) -> list[types.CodeAction]:
    """Code actions for the Prisma diagnostics at the request's range or at the
    diagnostics of its context."""
    sent = list(params.context.diagnostics)
    ranges = [params.range, *(d.range for d in sent)]
    seen: set[tuple[str, tuple[object, ...]]] = set()
    actions: list[types.CodeAction] = []
    for where in ranges:
        start, end = snap.offset(where.start), snap.offset(where.end)
        for fix in fixes_of(snap.analysis, snap.path, start, end):
            key = (fix.title, fix.edits)
            if key in seen:
                continue
            seen.add(key)
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[_diagnostic_for(snap, fix, sent)],
                    is_preferred=fix.preferred or None,
                    edit=workspace_edit(ls, snap, fix.edits),
                )
            )
    return actions


def _diagnostic_for(
    snap: Snapshot, fix: ValidationFix, sent: Sequence[types.Diagnostic]
) -> types.Diagnostic:
    """The client's diagnostic that overlaps the fixed one (so the editor can
    match them up; another server's wording may differ from ours), else ours."""
    ours = fix.diagnostic
    touching = []
    for diagnostic in sent:
        start = snap.offset(diagnostic.range.start)
        end = snap.offset(diagnostic.range.end)
        if diagnostic.code == ours.code and (start, end) == (ours.start, ours.end):
            return diagnostic  # our own, sent back
        if start <= ours.end and ours.start <= end:
            touching.append((abs(start - ours.start), diagnostic))
    if touching:
        return min(touching, key=lambda pair: pair[0])[1]
    return types.Diagnostic(
        range=snap.range(ours.start, ours.end, ours.path),
        message=ours.message,
        severity=types.DiagnosticSeverity(LSP_SEVERITY[ours.severity]),
        code=ours.code,
        source=SOURCE,
    )
