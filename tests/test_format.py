"""The formatter's exact output on representative cases (Prisma's layout rules)."""

from __future__ import annotations

from analysis.format import FormatError, format_edits, format_source, format_text
from analysis.text import TextEdit, text_edits


def apply(text: str, edits: list[TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text


# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------


def test_fields_align_in_three_columns_and_the_last_cell_is_not_padded() -> None:
    source = (
        "model User {\n"
        "  id Int @id @default(autoincrement())\n"
        '  emailAddress String @unique @map("email_address") @db.VarChar(320)\n'
        "  name String?\n"
        "}\n"
    )
    assert format_source(source) == (
        "model User {\n"
        "  id           Int     @id @default(autoincrement())\n"
        '  emailAddress String  @unique @map("email_address") @db.VarChar(320)\n'
        "  name         String?\n"
        "}\n"
    )


def test_field_attributes_are_sorted_in_prisma_order_native_types_last() -> None:
    source = (
        "model A {\n"
        '  id String @db.Uuid @map("a_id") @default(uuid()) @id\n'
        '  b Int @relation("x") @ignore @updatedAt @unique\n'
        "}\n"
    )
    assert format_source(source) == (
        "model A {\n"
        '  id String @id @default(uuid()) @map("a_id") @db.Uuid\n'
        '  b  Int    @unique @updatedAt @relation("x") @ignore\n'
        "}\n"
    )


def test_spacing_inside_attributes_and_expressions_is_canonical() -> None:
    source = (
        "model A {\n"
        "  id Int @id @default(  autoincrement( ) )\n"
        "  tags String[] @default([ \"a\",\"b\", ])\n"
        "  b Int\n"
        "  @@index([ id,b ] , map:\"ix\")\n"
        "}\n"
    )
    assert format_source(source) == (
        "model A {\n"
        "  id   Int      @id @default(autoincrement())\n"
        '  tags String[] @default(["a", "b"])\n'
        "  b    Int\n"
        "\n"
        '  @@index([id, b], map: "ix")\n'
        "}\n"
    )


def test_legacy_type_spellings_are_rewritten() -> None:
    source = "model A {\n  id: Int!\n  b [String]\n  c Int[]?\n}\n"
    assert format_source(source) == (
        "model A {\n  id Int\n  b  String[]\n  c  Int[]?\n}\n"
    )


# ---------------------------------------------------------------------------
# Empty lines and block attributes
# ---------------------------------------------------------------------------


def test_empty_lines_collapse_and_start_a_new_alignment_group() -> None:
    source = (
        "model A {\n"
        "\n"
        "\n"
        "  id Int @id\n"
        "  name String\n"
        "\n"
        "\n"
        "\n"
        "  createdAt DateTime @default(now())\n"
        "\n"
        "}\n"
    )
    assert format_source(source) == (
        "model A {\n"
        "  id   Int    @id\n"
        "  name String\n"
        "\n"
        "  createdAt DateTime @default(now())\n"
        "}\n"
    )


def test_block_attributes_move_to_the_end_sorted_after_one_empty_line() -> None:
    source = (
        "model A {\n"
        "  @@map(\"a\")\n"
        "  id Int\n"
        "\n"
        "\n"
        "  /// the index\n"
        "  @@index([b])\n"
        "  b Int\n"
        "  @@id([id]) // primary\n"
        "  @@schema(\"s\")\n"
        "  @@unique([b])\n"
        "}\n"
    )
    assert format_source(source) == (
        "model A {\n"
        "  id Int\n"
        "  b  Int\n"
        "\n"
        "  @@id([id]) // primary\n"
        "  @@unique([b])\n"
        "  /// the index\n"
        "  @@index([b])\n"
        '  @@map("a")\n'
        '  @@schema("s")\n'
        "}\n"
    )


# ---------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------


def test_comments_at_line_ends_follow_the_last_column_and_do_not_widen_it() -> None:
    source = (
        "model A {\n"
        "  id Int @id // the key\n"
        "  name String     // a name, longer than anything\n"
        "  age Int?\n"
        "}\n"
    )
    assert format_source(source) == (
        "model A {\n"
        "  id   Int    @id // the key\n"
        "  name String // a name, longer than anything\n"
        "  age  Int?\n"
        "}\n"
    )


def test_comment_lines_and_doc_comments_are_reindented_without_breaking_alignment() -> None:
    source = (
        "/// A user.\n"
        "model User {\n"
        "      /// The key.\n"
        "  id Int @id\n"
        "// between\n"
        "  displayName String\n"
        "}\n"
    )
    assert format_source(source) == (
        "/// A user.\n"
        "model User {\n"
        "  /// The key.\n"
        "  id          Int    @id\n"
        "  // between\n"
        "  displayName String\n"
        "}\n"
    )


def test_an_empty_line_before_a_comment_is_kept_and_starts_a_new_group() -> None:
    source = "model A {\n  id Int @id\n\n  // later\n  createdAt DateTime\n}\n"
    assert format_source(source) == (
        "model A {\n  id Int @id\n\n  // later\n  createdAt DateTime\n}\n"
    )


def test_block_comments_become_canonical_doc_blocks() -> None:
    source = "/* one\n   two\n*/\nmodel A {\n  /*\n   * inner\n   */\n  id Int\n}\n"
    assert format_source(source) == (
        "/**\n * one\n * two\n */\nmodel A {\n  /**\n   * inner\n   */\n  id Int\n}\n"
    )


def test_a_line_with_a_block_comment_inside_is_kept_as_written() -> None:
    source = "model A {\n  id /* key */ Int @id\n  name String\n}\n"
    assert format_source(source) == (
        "model A {\n  id /* key */ Int @id\n  name String\n}\n"
    )


def test_a_comment_after_the_opening_brace_is_kept() -> None:
    # Prisma drops it; we keep the user's text.
    assert format_source("model A {   // note\n  id Int\n}\n") == (
        "model A { // note\n  id Int\n}\n"
    )


# ---------------------------------------------------------------------------
# Enums and configuration blocks
# ---------------------------------------------------------------------------


def test_enum_values_align_their_attributes() -> None:
    source = (
        "enum Role {\n"
        '    USER @map("user")\n'
        "  ADMINISTRATOR   // all powers\n"
        '  GUEST @map("guest")\n'
        '  @@map("roles")\n'
        "}\n"
    )
    assert format_source(source) == (
        "enum Role {\n"
        '  USER          @map("user")\n'
        "  ADMINISTRATOR // all powers\n"
        '  GUEST         @map("guest")\n'
        "\n"
        '  @@map("roles")\n'
        "}\n"
    )


def test_datasource_and_generator_keys_align_per_group() -> None:
    source = (
        "datasource db {\n"
        '  provider = "postgresql"\n'
        '  url = env("DATABASE_URL")\n'
        '  directUrl      = env("DIRECT_URL") // for migrations\n'
        "}\n"
        "generator client {\n"
        '  provider = "prisma-client-js"\n'
        "\n"
        '  previewFeatures = ["views","multiSchema"]\n'
        "}\n"
    )
    assert format_source(source) == (
        "datasource db {\n"
        '  provider  = "postgresql"\n'
        '  url       = env("DATABASE_URL")\n'
        '  directUrl = env("DIRECT_URL") // for migrations\n'
        "}\n"
        "\n"
        "generator client {\n"
        '  provider = "prisma-client-js"\n'
        "\n"
        '  previewFeatures = ["views", "multiSchema"]\n'
        "}\n"
    )


# ---------------------------------------------------------------------------
# The file as a whole
# ---------------------------------------------------------------------------


def test_top_level_blank_lines_collapse_and_blocks_are_separated_by_one() -> None:
    source = "\n\n// header\n\n\n\nmodel A {\n  id Int\n}\nmodel B {\n  id Int\n}\n\n\n\n"
    assert format_source(source) == (
        "// header\n\nmodel A {\n  id Int\n}\n\nmodel B {\n  id Int\n}\n"
    )


def test_a_missing_final_line_break_is_added() -> None:
    assert format_source("model A {\n  id Int\n}") == "model A {\n  id Int\n}\n"


def test_crlf_line_breaks_are_kept() -> None:
    source = "model A {\r\n    id Int @id\r\n\r\n\r\n  name String // n\r\n}\r\n"
    assert format_source(source) == (
        "model A {\r\n  id Int @id\r\n\r\n  name String // n\r\n}\r\n"
    )


def test_a_byte_order_mark_is_kept() -> None:
    assert format_source("\ufeffmodel A {\n id Int\n}\n") == "\ufeffmodel A {\n  id Int\n}\n"


def test_non_ascii_comments_do_not_change_the_alignment() -> None:
    source = "model A {\n  id Int @id // 🎉 clé\n  name String // ünïcode\n}\n"
    assert format_source(source) == (
        "model A {\n  id   Int    @id // 🎉 clé\n  name String // ünïcode\n}\n"
    )


def test_non_ascii_text_in_a_padded_column_counts_its_utf8_bytes_as_prisma_does() -> None:
    # `Unsupported("é")` is 16 characters but 17 bytes: Prisma pads by bytes.
    source = 'model A {\n  a Unsupported("é") @map("x")\n  b Unsupported("a") @map("y")\n}\n'
    assert format_source(source) == (
        "model A {\n"
        '  a Unsupported("é") @map("x")\n'
        '  b Unsupported("a")  @map("y")\n'
        "}\n"
    )


def test_non_ascii_names_are_aligned_by_their_utf8_bytes_as_prisma_does() -> None:
    # `lööps` is 5 characters, 7 bytes: Prisma pads the other names to 7 + 1.
    source = 'model A {\n  id Int @id @map("_id")\n  lööps String[]\n}\n'
    assert format_source(source) == (
        'model A {\n  id      Int      @id @map("_id")\n  lööps String[]\n}\n'
    )


# ---------------------------------------------------------------------------
# Syntax errors
# ---------------------------------------------------------------------------


def test_a_schema_with_a_structural_syntax_error_is_left_unchanged() -> None:
    source = "model A {\n    id Int\n\nmodel B {\n  id Int\n}\n"
    result = format_text(source)
    assert result.text == source
    assert not result.changed
    assert result.errors == (
        FormatError(
            0,
            "The model `A` is missing its closing `}`; it ends before the next declaration.",
        ),
    )


def test_junk_between_blocks_stops_formatting() -> None:
    source = "model A {\n    id Int\n}\nthis is junk\n"
    result = format_text(source)
    assert result.text == source
    assert [e.offset for e in result.errors] == [source.index("this")]


def test_a_line_that_does_not_parse_is_kept_and_the_block_formatted_around_it() -> None:
    source = "model A {\n      id Int @id\n   name String @default(\n  createdAt DateTime\n}\n"
    assert format_source(source) == (
        "model A {\n"
        "  id        Int      @id\n"
        "  name String @default(\n"
        "  createdAt DateTime\n"
        "}\n"
    )


# ---------------------------------------------------------------------------
# Relations completed, as `prisma format` does
# ---------------------------------------------------------------------------


def test_missing_relation_arguments_and_foreign_key_fields_are_added() -> None:
    source = (
        "model Post {\n"
        "  id Int @id\n"
        '  author User @relation("authored")\n'
        "}\n"
        "\n"
        "model User {\n"
        "  id Int @id\n"
        '  posts Post[] @relation("authored")\n'
        "}\n"
    )
    assert format_source(source) == (
        "model Post {\n"
        "  id     Int  @id\n"
        '  author User @relation("authored", fields: [userId], references: [id])\n'
        "  userId Int\n"
        "}\n"
        "\n"
        "model User {\n"
        "  id    Int    @id\n"
        '  posts Post[] @relation("authored")\n'
        "}\n"
    )


def test_no_relation_is_completed_while_the_schema_has_errors() -> None:
    source = "model A {\n  id Int @id\n  b B\n  c Nope\n}\n\nmodel B {\n  id Int @id\n}\n"
    assert format_source(source) == (
        "model A {\n  id Int  @id\n  b  B\n  c  Nope\n}\n\nmodel B {\n  id Int @id\n}\n"
    )


# ---------------------------------------------------------------------------
# Edits for an editor
# ---------------------------------------------------------------------------


def test_format_edits_replace_only_the_lines_that_change() -> None:
    source = "model A {\n  id Int @id\n    name String\n}\n\nmodel B {\n  id Int @id\n}\n"
    edits = format_edits(source)
    assert edits == [
        TextEdit(10, 39, "  id   Int    @id\n  name String\n"),
    ]
    assert apply(source, edits) == format_source(source)


def test_format_edits_are_empty_when_nothing_changes() -> None:
    assert format_edits("model A {\n  id Int @id\n}\n") == []
    assert format_edits("model A {\n  id Int @id\n") == []  # cannot format


def test_text_edits_handle_insertions_deletions_and_a_missing_final_newline() -> None:
    before = "a\nb\nc"
    after = "a\nc\nd\n"
    edits = text_edits(before, after)
    assert apply(before, edits) == after
    assert edits == [TextEdit(2, 5, "c\nd\n")]
