"""A recheck updates the sorted findings and diagnostics of the previous check.

Kept findings keep their diagnostic objects (moved with the edit); only the
findings and diagnostics an edit changed are taken out or inserted. Each step
here is compared with a whole check of the final text.
"""

from __future__ import annotations

import pytest

from analysis import lint
from analysis.check import CheckResult, prepare_edits, recheck, run_check
from analysis.config import default_settings
from analysis.rules.tracking import tracker_of
from analysis.text import SourceFile, TextEdit
from tests.test_incremental_analysis import POSTS, USERS


def _step(current: CheckResult, texts: dict[str, str], path: str, at: int, size: int,
          new: str) -> CheckResult:
    result = recheck(current, path, [TextEdit(at, at + size, new)], default_settings())
    texts[path] = texts[path][:at] + new + texts[path][at + size:]
    full = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    assert result.findings == full.findings
    assert result.diagnostics == full.diagnostics
    return result


def test_kept_findings_keep_their_diagnostics_moved_past_the_edit() -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    assert current.shown is not None
    tag = texts["users.prisma"].index("model Tag")
    later = [f for f in current.findings
             if f.span.path == "users.prisma" and f.span.start > tag]
    before = {id(f): current.shown.by_finding[id(f)][1] for f in later}
    # Three letters into a field name of User, before Tag (which User does not name).
    at = texts["users.prisma"].index("firstName") + 3
    result = _step(current, texts, "users.prisma", at, 0, "abc")
    assert result.shown is not None
    kept = {id(f) for f in result.findings}
    later = [f for f in later if id(f) in kept]  # rules that look at one model at a time
    assert later
    for finding in later:
        diagnostic = result.shown.by_finding[id(finding)][1]
        assert diagnostic is before[id(finding)]
        assert (diagnostic.start, diagnostic.end) == (finding.span.start, finding.span.end)
    # Deleting them moves everything back.
    result = _step(result, texts, "users.prisma", at, 3, "")
    assert result.shown is not None
    assert all(result.shown.by_finding[id(f)][1] is before[id(f)] for f in later)


def test_suppressions_added_and_removed_by_edits() -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    at = texts["posts.prisma"].index("  payload")
    current = _step(current, texts, "posts.prisma", at, 0, "  // prisma-architect-ignore ALL\n")
    current = _step(current, texts, "posts.prisma", at, len("  // prisma-architect-ignore ALL\n"),
                    "")
    # An unused suppression (PAS001) comes and goes with its comment.
    at = texts["users.prisma"].index("  email")
    current = _step(current, texts, "users.prisma", at, 0,
                    "  // prisma-architect-ignore PAX001\n")
    assert any(f.code == "PAS001" for f in current.findings)
    size = len("  // prisma-architect-ignore PAX001\n")
    current = _step(current, texts, "users.prisma", at, size, "")
    assert not any(f.code == "PAS001" for f in current.findings)


def test_edits_in_either_file_keep_both_files_in_order() -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    for path, word in [("users.prisma", "firstName"), ("posts.prisma", "status"),
                       ("users.prisma", "balance"), ("posts.prisma", "deletedAt")]:
        at = texts[path].index(word) + 2
        current = _step(current, texts, path, at, 0, "\n\n")  # a line break inside a name
        current = _step(current, texts, path, at, 2, "")


# --- a check prepared for edits while the server is idle ---

def _steps(texts: dict[str, str], prepared: bool) -> list[CheckResult]:
    """A few edits over ``texts`` (each step compared with a whole check by
    :func:`_step`), from a first check prepared for edits or not."""
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    if prepared:
        prepare_edits(current)
    out = []
    for path, old, new in [
        ("users.prisma", "firstName", "firstNames"),
        ("posts.prisma", "payload", "content"),
        ("users.prisma", "model Tag {", "model Tag {\n  label String"),
    ]:
        at = texts[path].index(old)
        current = _step(current, texts, path, at, len(old), new)
        out.append(current)
    return out


def test_a_prepared_check_gives_what_an_unprepared_one_gives() -> None:
    plain = _steps({"users.prisma": USERS, "posts.prisma": POSTS}, prepared=False)
    ready = _steps({"users.prisma": USERS, "posts.prisma": POSTS}, prepared=True)
    assert [r.findings for r in ready] == [r.findings for r in plain]
    assert [r.diagnostics for r in ready] == [r.diagnostics for r in plain]


def test_prepare_builds_what_the_first_edit_would(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"users.prisma": USERS, "posts.prisma": POSTS}
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    linted = current.linted
    assert linted is not None and linted.blocks is None and not linted.trackers
    prepare_edits(current)
    assert linted.blocks is not None
    tracked = {e.rule.code for e in linted.rules if tracker_of(e.rule) is not None}
    assert tracked and set(linted.trackers) == tracked
    trackers = dict(linted.trackers)
    # The first edit builds nothing again: it takes the blocks and trackers as they are.
    monkeypatch.setattr(lint._Blocks, "split", _refuse)
    at = texts["users.prisma"].index("firstName")
    result = _step(current, texts, "users.prisma", at, 0, "x")
    assert result.linted is not None
    assert all(result.linted.trackers[c] is t for c, t in trackers.items())
    prepare_edits(result)  # already prepared: nothing to do
    assert all(result.linted.trackers[c] is t for c, t in trackers.items())


def _refuse(*args: object) -> None:
    raise AssertionError("split again")
