"""Code actions: the rules' fixes, suppressions, documentation, fix-all and @map.

Quick fixes come from the findings under the cursor: every fix of every
finding, titled by what it does, the first safe one preferred. Next to them,
"Ignore CODE for this line" and "Show documentation for CODE". The source
actions — fix all safe findings of the file, add ``@map``/``@@map`` to a model
or to the whole schema — are offered when the client asks for source actions
and computed on ``codeAction/resolve`` when the client can resolve, because
fixing a whole schema means checking it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from analysis.check import run_check
from analysis.fix_apply import fix_files
from analysis.fixes import line_break, line_start
from analysis.ide.links import rule_url
from analysis.lint import Enabled, lint
from analysis.rules import find_rule
from analysis.rules.base import Edit, Finding, Fix
from analysis.text import SourceFile, text_edits
from server.app import ArchitectServer
from server.diagnostics import LSP_SEVERITY, SOURCE
from server.edits import workspace_edit
from server.features.prisma_fixes import validation_fixes
from server.snapshot import Snapshot

FIX_ALL = types.CodeActionKind.SourceFixAll + ".prismaArchitect"
ADD_MAP = types.CodeActionKind.Source + ".prismaArchitect.addMap"
SHOW_DOCUMENTATION = "prismaArchitect.showDocumentation"
KINDS = [types.CodeActionKind.QuickFix, FIX_ALL, ADD_MAP]
MAP_RULES = ("PAC001", "PAC002")
"""The rules whose fixes add ``@@map`` (tables) and ``@map`` (columns)."""


def register(server: ArchitectServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=True),
    )
    async def code_action(
        ls: ArchitectServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        if not ls.editor.options.code_actions.enable:
            return None
        snap = await ls.snapshot(params.text_document.uri)
        if snap is None:
            return None
        only = params.context.only
        actions: list[types.CodeAction] = []
        if _wanted(only, types.CodeActionKind.QuickFix):
            actions.extend(quick_fixes(ls, snap, params))
        if _wanted(only, FIX_ALL, explicit=True):
            actions.append(_deferred(ls, snap, "Fix all prisma-architect findings", FIX_ALL, {}))
        if _wanted(only, ADD_MAP, explicit=True):
            actions.extend(_map_actions(ls, snap, params.range))
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(ls: ArchitectServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        snap = await ls.snapshot(uri) if isinstance(uri, str) else None
        if snap is not None and action.edit is None:
            action.edit = _resolved_edit(ls, snap, data)
        return action

    @server.command(SHOW_DOCUMENTATION)
    async def show_documentation(ls: ArchitectServer, code: str) -> None:
        url = rule_url(str(code))
        window = ls.client_capabilities.window
        if window is not None and window.show_document is not None:
            await ls.window_show_document_async(types.ShowDocumentParams(url, external=True))
        else:
            ls.window_show_message(
                types.ShowMessageParams(types.MessageType.Info, f"{code}: {url}")
            )


def _wanted(only: Sequence[str] | None, kind: str, *, explicit: bool = False) -> bool:
    """Whether the client asked for ``kind``: a listed kind covers its sub-kinds.
    ``explicit`` actions are computed only when asked for by kind (not for the
    light bulb, which asks with no ``only``)."""
    if not only:
        return not explicit
    return any(kind == k or kind.startswith(k + ".") for k in only)


# --------------------------------------------------------------------------- quick fixes


def quick_fixes(
    ls: ArchitectServer, snap: Snapshot, params: types.CodeActionParams
) -> list[types.CodeAction]:
    start = snap.offset(params.range.start)
    end = snap.offset(params.range.end)
    actions: list[types.CodeAction] = []
    ignored: set[tuple[str, int]] = set()
    documented: set[str] = set()
    mapped: set[str] = set()
    for finding in snap.result.findings:
        span = finding.span
        if span.path != snap.path or span.start > end or span.end < start:
            continue
        diagnostic = _diagnostic_for(snap, finding, params.context.diagnostics)
        preferred = next((f for f in finding.fixes if f.safe), None)
        for fix in finding.fixes:
            actions.append(
                types.CodeAction(
                    title=fix.title if fix.safe else f"{fix.title} (unsafe)",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=fix is preferred or None,
                    edit=workspace_edit(ls, snap, fix.edits),
                )
            )
        line = snap.lines().position(span.start).line
        if finding.code != "PAS001" and (finding.code, line) not in ignored:
            ignored.add((finding.code, line))
            actions.append(
                types.CodeAction(
                    title=f"Ignore {finding.code} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=workspace_edit(ls, snap, [_ignore_edit(snap, finding)]),
                )
            )
        if finding.code in MAP_RULES and finding.code not in mapped:
            mapped.add(finding.code)
            whole = _deferred(ls, snap, "Add @map/@@map to the whole schema (unsafe)", ADD_MAP, {})
            whole.kind = types.CodeActionKind.QuickFix
            whole.diagnostics = [diagnostic]
            actions.append(whole)
        if finding.code not in documented:
            documented.add(finding.code)
            actions.append(
                types.CodeAction(
                    title=f"Show documentation for {finding.code}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=types.Command(
                        f"Show documentation for {finding.code}",
                        SHOW_DOCUMENTATION,
                        arguments=[finding.code],
                    ),
                )
            )
    actions.extend(validation_fixes(ls, snap, params))
    return actions


def _diagnostic_for(
    snap: Snapshot, finding: Finding, sent: Sequence[types.Diagnostic]
) -> types.Diagnostic:
    """The client's own diagnostic for ``finding`` when it sent it (so it can
    match them up), else one built like the published one."""
    where = snap.range(finding.span.start, finding.span.end, finding.span.path)
    for diagnostic in sent:
        if diagnostic.code == finding.code and diagnostic.range == where:
            return diagnostic
    return types.Diagnostic(
        range=where,
        message=finding.message,
        severity=types.DiagnosticSeverity(LSP_SEVERITY[finding.severity]),
        code=finding.code,
        source=SOURCE,
    )


def _ignore_edit(snap: Snapshot, finding: Finding) -> Edit:
    """A ``// prisma-architect-ignore CODE`` line above the finding's line, indented like it."""
    text = snap.source(finding.span.path).text
    start = line_start(text, finding.span.start)
    indent = text[start : len(text) - len(text[start:].lstrip(" \t"))]
    comment = f"{indent}// prisma-architect-ignore {finding.code}{line_break(text)}"
    return Edit(finding.span.path, start, start, comment)


# --------------------------------------------------------------------------- source actions


def _deferred(
    ls: ArchitectServer, snap: Snapshot, title: str, kind: str, extra: dict[str, Any]
) -> types.CodeAction:
    """A source action whose edit is computed on resolve (or now, when the
    client cannot resolve)."""
    data = {"uri": snap.uri(snap.path), "kind": kind, **extra}
    action = types.CodeAction(title=title, kind=kind, data=data)
    if not _resolves_edits(ls):
        action.edit = _resolved_edit(ls, snap, data)
    return action


def _resolves_edits(ls: ArchitectServer) -> bool:
    text = ls.client_capabilities.text_document
    code_action = text.code_action if text is not None else None
    support = code_action.resolve_support if code_action is not None else None
    return support is not None and "edit" in support.properties


def _resolved_edit(
    ls: ArchitectServer, snap: Snapshot, data: dict[str, Any]
) -> types.WorkspaceEdit:
    if data.get("kind") == FIX_ALL:
        return workspace_edit(ls, snap, fix_all_edits(snap))
    model = data.get("model")
    edits = map_edits(snap, model if isinstance(model, str) else None)
    return workspace_edit(ls, snap, edits)


def fix_all_edits(snap: Snapshot) -> list[Edit]:
    """Every safe fix of the findings in the snapshot's file, applied round
    after round as ``check --fix`` does, as edits of that file."""
    result = snap.result

    def checker(files: Sequence[SourceFile]) -> tuple[list[Finding], int]:
        checked = run_check(
            files, snap.loaded, prisma_version=result.analysis.schema.prisma_version
        )
        mine = [f for f in checked.findings if f.span.path == snap.path]
        return mine, sum(1 for d in checked.analysis.diagnostics if d.is_error)

    fixed = fix_files(result.analysis.files, checker, unsafe=False)
    before = snap.source().text
    after = next(f.text for f in fixed.files if f.path == snap.path)
    return [Edit(snap.path, e.start, e.end, e.new_text) for e in text_edits(before, after)]


def _map_actions(ls: ArchitectServer, snap: Snapshot, where: types.Range) -> list[types.CodeAction]:
    offset = snap.offset(where.start)
    model = next(
        (
            m
            for m in snap.analysis.schema.models.values()
            if m.decl.path == snap.path and (s := m.decl.span(m.block)).start <= offset <= s.end
        ),
        None,
    )
    if not map_findings(snap):
        return []
    actions = []
    if model is not None and map_edits(snap, model.name):
        actions.append(
            _deferred(ls, snap, f"Add @map/@@map to `{model.name}`", ADD_MAP, {"model": model.name})
        )
    actions.append(_deferred(ls, snap, "Add @map/@@map to the whole schema", ADD_MAP, {}))
    return actions


def map_findings(snap: Snapshot) -> list[Finding]:
    """The findings of the rules that add database names, enabled or not."""
    rules = [find_rule(code) for code in MAP_RULES]
    enabled = [Enabled(r, r.severity, r.Options()) for r in rules if r is not None]
    return lint(snap.analysis, enabled)


def map_edits(snap: Snapshot, model: str | None) -> list[Edit]:
    """The edits that give ``model`` (or every model) snake_case database names."""
    schema = snap.analysis.schema
    found = schema.models.get(model) if model is not None else None
    span = found.decl.span(found.block) if found is not None else None
    taken: list[Edit] = []
    for finding in map_findings(snap):
        inside = span is None or (
            finding.span.path == span.path and span.start <= finding.span.start <= span.end
        )
        fix: Fix | None = finding.fixes[0] if finding.fixes else None
        if not inside or fix is None or len(fix.edits) != 1:
            continue
        edit = fix.edits[0]
        if any(e == edit for e in taken):
            continue
        if any(e.path == edit.path and e.start < edit.end and edit.start < e.end for e in taken):
            continue
        taken.append(edit)
    return taken
