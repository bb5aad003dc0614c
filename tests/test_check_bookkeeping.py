"""After an edit the check updates what it shows from what the lint says changed.

Each step compares the recheck with a whole check of the final text under the
same settings, and most tests also say which way the recheck went: from the
lint's changes alone (``_current``, the walk over every finding, is not
called) or, with a suppression comment in play, by comparing all findings.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis.check
from analysis.check import CheckResult, recheck, run_check
from analysis.config import LoadedSettings, Settings, default_settings
from analysis.diagnostics import Severity
from analysis.model.schema import Span
from analysis.reuse import Region, Shifter
from analysis.rules.base import Finding
from analysis.shown import shown, updated
from analysis.suppress import has_marker
from analysis.text import SourceFile, TextEdit
from tests.helpers import fuzz
from tests.test_incremental_analysis import CHECK_FRAGMENTS, POSTS, USERS

#: USERS without its suppression comment: nothing to compare whole.
PLAIN_USERS = USERS.replace("  // prisma-architect-ignore PAT001\n", "")

#: Comment (whose PAX001 finding points at Post) before Post, with Note between.
COMMENT_FIRST = """\
datasource db {
  provider = "postgresql"
}

model Comment {
  id     Int  @id @default(autoincrement())
  postId Int
  post   Post @relation(fields: [postId], references: [id])
}

model Note {
  id   Int    @id
  body String
}

model Post {
  id       Int       @id
  comments Comment[]
}
"""


def _loaded(**values: object) -> LoadedSettings:
    return LoadedSettings(Settings(**values), None, ())  # type: ignore[arg-type]


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many times a recheck walked over all findings (``_current``)."""
    calls: list[int] = []
    whole = analysis.check._current

    def counted(*args: object) -> object:
        if Steps.rechecking:  # not the whole checks the steps compare with
            calls.append(1)
        return whole(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis.check, "_current", counted)
    yield calls


class Steps:
    """Edits checked against a whole check of the final texts."""

    rechecking = False

    def __init__(self, texts: dict[str, str], loaded: LoadedSettings | None = None) -> None:
        self.texts = dict(texts)
        self.loaded = loaded or default_settings()
        self.current = run_check(self._files(), self.loaded)

    def _files(self) -> list[SourceFile]:
        return [SourceFile(path, text) for path, text in self.texts.items()]

    def at(self, path: str, at: int, size: int, new: str) -> CheckResult:
        Steps.rechecking = True
        try:
            result = recheck(self.current, path, [TextEdit(at, at + size, new)], self.loaded)
        finally:
            Steps.rechecking = False
        text = self.texts[path]
        self.texts[path] = text[:at] + new + text[at + size:]
        full = run_check(self._files(), self.loaded)
        assert result.analysis.diagnostics == full.analysis.diagnostics
        assert result.findings == full.findings
        assert result.diagnostics == full.diagnostics  # with their related places
        self.current = result
        return result

    def replace(self, path: str, old: str, new: str) -> CheckResult:
        """Replace the first ``old`` (ending in ``^``: insert ``new`` before it)."""
        at = self.texts[path].index(old.rstrip("^"))
        return self.at(path, at, 0 if old.endswith("^") else len(old), new)


def _pax001(result: CheckResult) -> Finding:
    (finding,) = [f for f in result.findings if f.code == "PAX001"]
    return finding


def test_a_related_place_past_the_edit_moves_with_it(walks: list[int]) -> None:
    steps = Steps({"s.prisma": COMMENT_FIRST})
    finding = _pax001(steps.current)
    assert steps.current.shown is not None
    diagnostic = steps.current.shown.by_finding[id(finding)][1]
    post = COMMENT_FIRST.index("model Post") + len("model ")
    assert [(r.start, r.end) for r in diagnostic.related] == [(post, post + 4)]
    result = steps.replace("s.prisma", "  body String\n", "  body String\n  title String\n")
    assert walks == []
    assert _pax001(result) is finding  # kept, and so is its diagnostic, moved
    assert result.shown is not None
    assert result.shown.by_finding[id(finding)][1] is diagnostic
    assert [(r.start, r.end) for r in diagnostic.related] == [(post + 15, post + 19)]
    steps.replace("s.prisma", "  title String\n", "")
    assert [(r.start, r.end) for r in diagnostic.related] == [(post, post + 4)]
    assert walks == []


def test_a_related_place_in_another_file_moves_with_an_edit_there(walks: list[int]) -> None:
    comment, rest = COMMENT_FIRST.split("model Note")
    steps = Steps({"a.prisma": comment, "b.prisma": "model Note" + rest})
    finding = _pax001(steps.current)
    assert finding.span.path == "a.prisma"
    assert steps.current.shown is not None
    diagnostic = steps.current.shown.by_finding[id(finding)][1]
    post = steps.texts["b.prisma"].index("model Post") + len("model ")
    steps.replace("b.prisma", "  body String\n", "  body String\n  title String\n")
    assert _pax001(steps.current) is finding
    assert [(r.path, r.start) for r in diagnostic.related] == [("b.prisma", post + 15)]
    steps.replace("b.prisma", "  body String\n", "")
    assert [(r.path, r.start) for r in diagnostic.related] == [("b.prisma", post + 1)]
    assert walks == []


def test_per_path_ignores_keep_holding_for_new_findings(walks: list[int]) -> None:
    steps = Steps({"users.prisma": PLAIN_USERS, "posts.prisma": POSTS},
                  _loaded(per_path_ignores={"posts.prisma": ["PAC002"]}))
    assert not [f for f in steps.current.findings
                if f.code == "PAC002" and f.span.path == "posts.prisma"]
    before = sum(f.code == "PAC002" for f in steps.current.findings)
    steps.replace("posts.prisma", "  payload^", "  lastName String\n")
    steps.replace("users.prisma", "  price^", "  lastName String\n")
    assert sum(f.code == "PAC002" for f in steps.current.findings) == before + 1
    steps.replace("users.prisma", "  lastName String\n", "")
    assert walks == []


def test_settings_changed_in_place_are_seen() -> None:
    loaded = _loaded()
    steps = Steps({"users.prisma": PLAIN_USERS, "posts.prisma": POSTS}, loaded)
    loaded.settings.per_path_ignores["posts.prisma"] = ["PAC002"]
    steps.replace("posts.prisma", "  payload^", "  lastName String\n")
    assert not [f for f in steps.current.findings
                if f.code == "PAC002" and f.span.path == "posts.prisma"]


def test_severity_overrides_hold_for_new_findings(walks: list[int]) -> None:
    steps = Steps({"users.prisma": PLAIN_USERS, "posts.prisma": POSTS},
                  _loaded(severity={"PAC002": "error"}))
    steps.replace("posts.prisma", "  payload^", "  lastName String\n")
    new = [f for f in steps.current.findings
           if f.code == "PAC002" and f.span.start == steps.texts["posts.prisma"].index("lastName")]
    assert [f.severity for f in new] == [Severity.ERROR]
    assert walks == []


def test_a_suppression_comment_typed_into_place_then_removed(walks: list[int]) -> None:
    steps = Steps({"users.prisma": PLAIN_USERS, "posts.prisma": POSTS})
    line = steps.texts["posts.prisma"].index("  deletedAt")

    def flagged() -> list[str]:
        at = steps.texts["posts.prisma"].index("  deletedAt") + 2
        return [f.message for f in steps.current.findings
                if f.code == "PAC002" and f.span.start == at]

    kept = flagged()
    assert kept
    steps.at("posts.prisma", line, 0, "  // prisma-architect-igre PAC002\n")
    assert flagged() == kept
    # The marker is completed by an edit in its middle: the check sees it.
    steps.at("posts.prisma", steps.texts["posts.prisma"].index("-igre") + 3, 0, "no")
    assert flagged() == []
    # An edit in the other file, and one that moves the comment and its line.
    steps.replace("users.prisma", "  price^", "  lastName String\n")
    steps.replace("posts.prisma", "  tags^", "  label String\n")
    assert flagged() == []
    # A selector that silences nothing is reported, then made to silence again.
    steps.replace("posts.prisma", "ignore PAC002", "ignore PAC003")
    assert flagged() == kept
    assert [f.code for f in steps.current.findings if f.code == "PAS001"] == ["PAS001"]
    steps.replace("posts.prisma", "ignore PAC003", "ignore PAC002")
    assert flagged() == [] and not [f for f in steps.current.findings if f.code == "PAS001"]
    size = len("  // prisma-architect-ignore PAC002\n")
    steps.at("posts.prisma", steps.texts["posts.prisma"].index("  // prisma"), size, "")
    assert flagged() == kept
    steps.replace("users.prisma", "  lastName String\n", "")
    assert walks == []  # each from the lint's changes and the comments' own lines


def test_a_file_wide_suppression_in_another_file(walks: list[int]) -> None:
    steps = Steps({"users.prisma": "// prisma-architect-ignore-file PAC002\n" + PLAIN_USERS,
                   "posts.prisma": POSTS})
    assert not [f for f in steps.current.findings
                if f.code == "PAC002" and f.span.path == "users.prisma"]
    steps.replace("users.prisma", "  price^", "  lastName String\n")
    steps.replace("posts.prisma", "  payload^", "  lastName String\n")
    assert walks == []
    assert len([f for f in steps.current.findings if f.code == "PAC002"]) == 6
    steps.replace("users.prisma", "ignore-file PAC002", "ignore-file PAX999")
    assert len([f for f in steps.current.findings if f.code == "PAC002"]) == 9
    assert [f.code for f in steps.current.findings if f.code == "PAS001"] == ["PAS001"]
    steps.replace("users.prisma", "ignore-file PAX999", "ignore-file PAC002")
    steps.replace("users.prisma", "  lastName String\n", "")


def test_validation_diagnostics_of_both_files_stay_in_order(walks: list[int]) -> None:
    users = PLAIN_USERS.replace("  price     Float\n", "  price     Money\n")
    posts = POSTS.replace("  payload   Json\n", "  payload   Blob\n")
    steps = Steps({"users.prisma": users, "posts.prisma": posts})
    errors = [d for d in steps.current.analysis.diagnostics if d.path == "users.prisma"]
    assert errors
    steps.replace("users.prisma", "  email^", "  other Wallet\n")
    steps.replace("users.prisma", "Money", "Float")
    steps.replace("posts.prisma", "Blob", "Json")
    steps.replace("users.prisma", "  other Wallet\n", "")
    assert walks == []


SETTINGS = [
    Settings(),
    Settings(per_path_ignores={"users.prisma": ["PAC002", "PAT"]}),  # type: ignore[call-arg]
    Settings(severity={"PAC": "error", "PAI004": "hint"}, ignore=["PAT005"]),
]


FRAGMENTS = [*CHECK_FRAGMENTS, "// prisma-architect-ignore PAC\n", "-file PAI004",
             "// prisma-architect-ignore-file PAC002, PAX999\n", "  // prisma-architect-"]

Case = tuple[int, bool, list[tuple[int, float, int, str]]]


@st.composite
def edits(draw: st.DrawFn) -> Case:
    count = draw(st.integers(min_value=1, max_value=6))
    return draw(st.integers(0, len(SETTINGS) - 1)), draw(st.booleans()), [
        (draw(st.integers(0, 1)), draw(st.floats(0, 1)), draw(st.integers(0, 12)),
         draw(st.sampled_from(FRAGMENTS)))
        for _ in range(count)
    ]


@fuzz(150, slow=True)
@given(edits())
def test_recheck_under_settings_and_suppressions_equals_a_full_check(case: Case) -> None:
    which_settings, suppressing, changes = case
    steps = Steps({"users.prisma": USERS if suppressing else PLAIN_USERS, "posts.prisma": POSTS},
                  LoadedSettings(SETTINGS[which_settings], None, ()))
    paths = list(steps.texts)
    for which, where, length, new in changes:
        path = paths[which]
        start = int(where * len(steps.texts[path]))
        steps.at(path, start, min(length, len(steps.texts[path]) - start), new)


# ---------------------------------------------------------------------------
# The update itself, on findings made by hand
# ---------------------------------------------------------------------------


def _finding(start: int, end: int, code: str = "PAC001", path: str = "a.prisma") -> Finding:
    return Finding(code, f"{code} at {start}", Severity.WARNING, Span(path, start, end))


ORDER = {"a.prisma": 0, "b.prisma": 1}
NO_EDIT = Shifter(Region("a.prisma", 0, 0, 0))


def test_new_findings_are_inserted_in_order_across_files() -> None:
    first, second = _finding(5, 8), _finding(2, 3, path="b.prisma")
    old = shown([second, first], [], ORDER)
    new = [_finding(9, 9, path="b.prisma"), _finding(5, 8, "PAC002"), _finding(0, 1)]
    result = updated(old, [], new, [], NO_EDIT, ORDER)
    assert result is not None
    assert result.findings == [new[2], first, new[1], second, new[0]]
    assert [(d.path, d.start, d.code) for d in result.diagnostics] == [
        ("a.prisma", 0, "PAC001"), ("a.prisma", 5, "PAC001"), ("a.prisma", 5, "PAC002"),
        ("b.prisma", 2, "PAC001"), ("b.prisma", 9, "PAC001")]


def test_a_new_finding_that_ties_with_a_kept_one_sorts_everything_again() -> None:
    old = shown([_finding(5, 8)], [], ORDER)
    assert updated(old, [], [_finding(5, 8)], [], NO_EDIT, ORDER) is None


def test_a_gone_finding_is_found_where_its_diagnostic_was() -> None:
    # The lint may move a finding it then drops: it goes all the same.
    kept, gone, later = _finding(1, 2), _finding(10, 12), _finding(20, 22)
    old = shown([kept, gone, later], [], ORDER)
    edit = Shifter(Region("a.prisma", 4, 4, 7))  # three characters at 4
    for span in (gone.span, later.span):
        Span.__dict__["start"].__set__(span, span.start + 3)
        Span.__dict__["end"].__set__(span, span.end + 3)
    result = updated(old, [gone], [], [], edit, ORDER)
    assert result is not None
    assert result.findings == [kept, later]
    assert [(d.start, d.end) for d in result.diagnostics] == [(1, 2), (23, 25)]
    assert id(gone) not in result.by_finding


def test_a_marker_counts_when_it_crosses_the_changed_range() -> None:
    text = "x // prisma-architect-ignore y"
    marker = text.index("prisma")
    assert has_marker(text)
    assert has_marker(text, marker + 3, marker + 3)  # joined by a deletion there
    assert has_marker(text, marker - 2, marker + 1)
    assert has_marker(text, len(text) - 3, len(text) - 2)  # ends one before ``y``
    assert not has_marker(text, 0, 1)
    assert not has_marker(text, len(text), len(text))
