"""PAX007 large-object-column."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, explanation_examples, run

SCHEMA = (
    POSTGRES
    + """model Image {
  id          Int    @id
  contentType String
  blob        Bytes

  @@map("images")
}
"""
)


def test_flags_a_blob_in_the_row() -> None:
    (finding,) = run("PAX007", SCHEMA)
    assert finding.code == "PAX007"
    assert covered(SCHEMA, finding) == "Bytes"
    assert finding.message == (
        "`blob` on `Image` stores binary data in the row: large objects bloat `images`, its "
        "backups and every query that selects them; keep them in object storage and store a "
        "key or URL."
    )
    assert finding.fixes == ()


@pytest.mark.parametrize(
    "field",
    [
        "publicKey   Bytes",
        "tokenHash   Bytes",
        "credential_id Bytes",
        "encryptedSecret Bytes?",
    ],
)
def test_silent_for_small_values(field: str) -> None:
    assert run("PAX007", SCHEMA.replace("blob        Bytes", field)) == []


def test_silent_for_an_explicit_native_type_with_a_doc_comment() -> None:
    text = SCHEMA.replace(
        "  blob        Bytes",
        "  /// thumbnails under 4 kB, always read with the row\n  blob        Bytes @db.ByteA",
    )
    assert run("PAX007", text) == []


def test_a_doc_comment_alone_does_not_silence_it() -> None:
    text = SCHEMA.replace("  blob ", "  /// the original upload\n  blob ")
    assert len(run("PAX007", text)) == 1


@pytest.mark.parametrize(
    ("native", "flagged"),
    [("@db.VarBinary(16)", False), ("@db.Binary(32)", False), ("@db.LongBlob", True)],
)
def test_bounded_native_types_on_mysql(native: str, flagged: bool) -> None:
    text = SCHEMA.replace(POSTGRES, 'datasource db {\n  provider = "mysql"\n}\n\n').replace(
        "blob        Bytes", f"blob        Bytes {native}"
    )
    assert len(run("PAX007", text)) == int(flagged)


def test_the_small_value_words_are_an_option() -> None:
    assert run("PAX007", SCHEMA, small_values=["blob"]) == []


def test_the_explanation_example_is_flagged_and_its_alternative_is_not() -> None:
    bad, good = explanation_examples("PAX007")
    assert len(run("PAX007", bad)) == 1
    assert run("PAX007", good) == []
