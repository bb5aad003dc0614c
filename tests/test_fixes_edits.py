"""The shared edit builders of :mod:`analysis.fixes` on blocks still being
typed: the exact text after the edit, the attribute always inside its block."""

from __future__ import annotations

import pytest

from analysis.fixes import apply, insert_block_attribute
from tests.helpers import build

HEAD = 'datasource db {\n  provider = "postgresql"\n}\n\n'


@pytest.mark.parametrize(
    ("block", "after"),
    [
        # members, the last a field: a blank line, then the attribute
        ("model B {\n  id Int @id\n}\n", "model B {\n  id Int @id\n\n  @@index([id])\n}\n"),
        # after the last block attribute, with its indentation
        ("model B {\n    id Int\n    @@id([id])\n}\n",
         "model B {\n    id Int\n    @@id([id])\n    @@index([id])\n}\n"),
        # no member: before the closing brace
        ("model B {\n}\n", "model B {\n  @@index([id])\n}\n"),
        # not closed yet, the file's last line without a line break
        ("model B {", "model B {\n  @@index([id])\n"),
        # not closed yet, more text after it
        ("model B {\n\nenum E {\n  X\n}\n", "model B {\n  @@index([id])\n\nenum E {\n  X\n}\n"),
        # not closed, the last block attribute ends the file
        ("model B {\n  id Int\n  @@id([id])",
         "model B {\n  id Int\n  @@id([id])\n  @@index([id])\n"),
        # not closed, the last field ends the file
        ("model B {\n  id Int", "model B {\n  id Int\n\n  @@index([id])\n"),
        # CRLF line breaks are kept
        ("model B {\r\n  id Int @id\r\n}\r\n",
         "model B {\r\n  id Int @id\r\n\r\n  @@index([id])\r\n}\r\n"),
    ],
)
def test_insert_block_attribute_keeps_the_attribute_inside_the_block(block: str, after: str,
                                                                     ) -> None:
    text = HEAD.replace("\n", "\r\n") + block if "\r\n" in block else HEAD + block
    model = build(text).all_models[0]
    edit = insert_block_attribute(text, model, "@@index([id])")
    assert apply(text, [edit]) == text[: text.index("model B")] + after
