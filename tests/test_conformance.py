"""Conformance against Prisma's own fixtures and real schemas (see ``tests/conformance.py``).

The figure tests assert the project's targets; the parser tests pin the runner's reading of
the expected-output format.
"""

from __future__ import annotations

import csv

import pytest

from tests import conformance as c
from tests.helpers import CORPUS

ENGINES = CORPUS / "prisma-engines"

needs_corpus = pytest.mark.skipif(
    not (ENGINES / "validation").is_dir() or not (CORPUS / "real" / "MANIFEST.tsv").is_file(),
    reason=f"conformance corpus not found at {CORPUS}",
)


@pytest.fixture(scope="module")
def report() -> c.Report:
    if not (ENGINES / "validation").is_dir():
        pytest.skip(f"conformance corpus not found at {CORPUS}")
    return c.run(CORPUS)


def _fixture(suite: str, path: str) -> c.Fixture:
    loader = c.load_validation if suite == "validation" else c.load_inline
    return next(f for f in loader(CORPUS) if f.path == path)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_print_figures(report: c.Report, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print()
        print(c.format_report(report, top=30))


@needs_corpus
def test_no_crashes(report: c.Report) -> None:
    crashes = [f"{r.suite}/{r.path}: {r.crash}" for r in report.fixtures if r.crash]
    crashes += [f"{r.name} v{r.version}: {r.crash}" for r in report.real if r.crash]
    assert not crashes, "\n".join(crashes)


@needs_corpus
def test_accepts_every_schema_prisma_accepts(report: c.Report) -> None:
    figure = report.figures.accepted_valid
    wrong = [c.format_fixture(r) for r in report.fixtures if not r.prisma_rejects and r.we_reject]
    assert figure.percent == 100.0, f"accepted valid {figure}\n" + "\n".join(wrong)


@needs_corpus
def test_syntax_rejects_on_prismas_line(report: c.Report) -> None:
    figure = report.figures.syntax_rejects
    wrong = [c.format_fixture(r) for r in report.syntax_misses]
    assert figure.percent == 100.0, f"syntax rejects {figure}\n" + "\n".join(wrong)


@needs_corpus
def test_verdict_agreement(report: c.Report) -> None:
    figure = report.figures.verdict
    assert figure.percent >= 90.0, f"verdict agreement {figure}"


@needs_corpus
def test_first_error_line_agreement(report: c.Report) -> None:
    figure = report.figures.first_line
    assert figure.percent >= 80.0, f"first error line agreement {figure}"


@needs_corpus
def test_real_schemas_accepted(report: c.Report) -> None:
    figure = report.figures.real_schemas
    wrong = [f"{r.name} v{r.version}: {r.crash or r.our_first}" for r in report.real_failures]
    assert figure.percent == 100.0, f"real schemas {figure}\n" + "\n".join(wrong)


# ---------------------------------------------------------------------------------------------
# The runner's reading of the expected format
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_validation_error_fixture() -> None:
    expected = _fixture("validation", "datasource/url_empty_named_arg.prisma").expected
    assert expected.warnings == ()
    assert expected.errors == (
        c.ExpectedDiagnostic(
            "error", "The env function expects a singular, unnamed, string argument.", 3
        ),
    )
    assert not c.is_syntax_message(expected.errors[0].message)


@needs_corpus
def test_validation_warning_fixture() -> None:
    expected = _fixture("validation", "datasource/url_named_arg.prisma").expected
    assert expected.errors == ()
    assert expected.first_error is None
    assert expected.warnings == (
        c.ExpectedDiagnostic("warning", "The env function doesn't expect named arguments", 3),
    )


@needs_corpus
def test_validation_syntax_fixture() -> None:
    expected = _fixture("validation", "views/garbage_field_definition.prisma").expected
    first = expected.first_error
    assert first is not None
    assert first.line == 13
    assert first.message == (
        'Error validating view "Mountain": This field declaration is invalid. '
        "It is either missing a name or a type."
    )
    assert c.is_syntax_message(first.message)


@needs_corpus
def test_inline_syntax_fixture() -> None:
    path = "parsing/nice_errors/invalid_field_line_must_error_nicely.prisma"
    expected = _fixture("inline", path).expected
    assert expected.error_lines == (3,)
    first = expected.first_error
    assert first is not None
    assert first.message == (
        "Error validating: This line is not a valid field or attribute definition."
    )
    assert c.is_syntax_message(first.message)


@needs_corpus
def test_inline_multiline_message() -> None:
    path = "attributes/unique_negative/must_error_if_only_loose_unique_criterias_are_present.prisma"
    first = _fixture("inline", path).expected.first_error
    assert first is not None
    assert first.line == 1
    assert first.message.startswith('Error validating model "Model": Each model must have')
    assert first.message.endswith("fields that are not required:\n- name\n- a, b")
    assert c.message_template(first.message) == (
        'Error validating model "…": Each model must have at least one unique criteria that has '
        "only required fields. Either mark a single field with `…`, `…` or add a multi field "
        "criterion with `…` or `…` to the model. The following unique criterias were not "
        "considered as they contain fields that are not required:"
    )


@needs_corpus
def test_inline_valid_fixture_has_no_expectation() -> None:
    fixtures = c.load_inline(CORPUS)
    valid = [f for f in fixtures if not f.expected.errors]
    on_disk = [p for p in (ENGINES / "inline-tests").rglob("*.prisma")
               if not p.with_suffix(".expected").exists()]
    assert len(valid) == len(on_disk) > 0


@needs_corpus
@pytest.mark.parametrize(("suite", "folder"), [("validation", "validation"),
                                               ("inline", "inline-tests")])
def test_counts_match_index(suite: str, folder: str) -> None:
    """Error and warning counts parsed from every fixture agree with the folder's INDEX.tsv."""
    loader = c.load_validation if suite == "validation" else c.load_inline
    fixtures = {f.path: f for f in loader(CORPUS)}
    with (ENGINES / folder / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        index = {row["path"]: row for row in csv.DictReader(handle, delimiter="\t")}
    assert set(fixtures) == set(index)
    for path, row in index.items():
        expected = fixtures[path].expected
        assert len(expected.errors) == int(row["errors"]), path
        if "warnings" in row:
            assert len(expected.warnings) == int(row["warnings"]), path
        kinds = {"valid": (False, False), "errors": (True, False),
                 "warnings": (False, True), "errors+warnings": (True, True)}
        if row["expect"] in kinds:
            assert (bool(expected.errors), bool(expected.warnings)) == kinds[row["expect"]], path


# Synthetic cases: no corpus needed.


def test_trailing_comment_run() -> None:
    assert c.trailing_comment_run("model A {}\n") == ""
    assert c.trailing_comment_run("model A {}\n// a\n// // b\n//c\n") == "a\nb\n//c\n"
    # A comment run that is not at the very end does not count.
    assert c.trailing_comment_run("model A {}\n// a\nmodel B {}\n") == ""
    # A blank last line resets the run.
    assert c.trailing_comment_run("model A {}\n// a\n\n") == ""
    # No trailing newline.
    assert c.trailing_comment_run("x\n// a") == "a\n"


def test_parse_pretty_empty_highlight() -> None:
    esc = "\x1b"
    text = (
        f"{esc}[1;91merror{esc}[0m: {esc}[1mUnexpected token. Expected one of: x{esc}[0m\n"
        f"  {esc}[1;94m-->{esc}[0m  {esc}[4mschema.prisma:2{esc}[0m\n"
        f"{esc}[1;94m   | {esc}[0m\n"
        f"{esc}[1;94m 1 | {esc}[0mmodel A {{\n"
        f"{esc}[1;94m 2 | {esc}[0m  id Int @id(\n"
        f"{esc}[1;94m   | {esc}[0m             {esc}[1;91m^ Unexpected token.{esc}[0m\n"
        f"{esc}[1;94m   | {esc}[0m\n"
        f"{esc}[1;93mwarning{esc}[0m: {esc}[1mw{esc}[0m\n"
        f"  {esc}[1;94m-->{esc}[0m  {esc}[4mschema.prisma:1{esc}[0m\n"
        f"{esc}[1;94m   | {esc}[0m\n"
    )
    expected = c.parse_pretty(text)
    assert expected.error_lines == (2,)
    assert expected.warning_lines == (1,)
    assert expected.errors[0].message == "Unexpected token. Expected one of: x"
    assert c.is_syntax_message(expected.errors[0].message)
    assert c.parse_pretty("") == c.Expected((), ())
    with pytest.raises(ValueError):
        c.parse_pretty("// just a comment\n")


def test_message_template() -> None:
    assert c.message_template(
        'Error parsing attribute "@default": `cuid()` takes a single Int argument.'
    ) == 'Error parsing attribute "…": `…` takes a single Int argument.'
