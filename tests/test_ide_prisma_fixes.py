"""Quick fixes for Prisma's own errors: the exact text after each fix, for one
file and across files, and no fix where the repair is unclear."""

from __future__ import annotations

from analysis.api import analyze
from analysis.fixes import apply
from analysis.ide.prisma_fixes import validation_fixes
from analysis.text import SourceFile

PG = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n'
MONGO = 'datasource db {\n  provider = "mongodb"\n  url      = env("DATABASE_URL")\n}\n\n'


def fixed(files: dict[str, str], path: str = "schema.prisma") -> dict[str, dict[str, str]]:
    """Title → the changed files after that fix, for every fix of ``path``."""
    analysis = analyze([SourceFile(p, t) for p, t in files.items()], prisma_version=6)
    out: dict[str, dict[str, str]] = {}
    for fix in validation_fixes(analysis, path, 0, len(files[path])):
        changed = {}
        for name, text in files.items():
            edits = [e for e in fix.edits if e.path == name]
            if edits:
                changed[name] = apply(text, edits)
        assert fix.title not in out, fix.title
        out[fix.title] = changed
    return out


def one(text: str) -> dict[str, str]:
    return {
        title: files["schema.prisma"] for title, files in fixed({"schema.prisma": text}).items()
    }


def test_unknown_type_creates_a_model_or_an_enum_after_the_block() -> None:
    text = PG + "model A {\n  id  Int    @id\n  pet Animal\n}\n"
    assert one(text) == {
        "Create new model 'Animal'": text + "model Animal {\n\n}\n",
        "Create new enum 'Animal'": text + "enum Animal {\n\n}\n",
    }


def test_unknown_type_in_a_composite_type_keeps_crlf() -> None:
    text = (MONGO + "type A {\n  pet Animal\n}\n").replace("\n", "\r\n")
    block = "type Animal {\r\n\r\n}\r\n"
    assert one(text)["Create new type 'Animal'"] == text + block
    assert set(one(text)) == {"Create new type 'Animal'", "Create new enum 'Animal'"}


def test_mongodb_id_is_mapped_to_underscore_id_and_auto_gets_object_id() -> None:
    text = MONGO + "model A {\n  id String @id\n}\n"
    assert one(text) == {'Add @map("_id")': text.replace("@id\n", '@id @map("_id")\n')}
    text = MONGO + 'model A {\n  id String @id @default(auto()) @map("_id")\n}\n'
    assert one(text) == {"Add @db.ObjectId": text.replace('"_id")\n', '"_id") @db.ObjectId\n')}


def test_undeclared_schema_is_added_to_the_datasource_list_or_a_new_one() -> None:
    head = 'datasource db {\n  provider = "postgresql"\n  url      = env("U")\n'
    tail = '}\n\nmodel A {\n  id Int @id\n\n  @@schema("base")\n}\n'
    listed = head + '  schemas  = ["a"]\n' + tail
    assert one(listed) == {"Add schema to schemas": listed.replace('["a"]', '["a", "base"]')}
    bare = head + tail
    expected = bare.replace('env("U")\n', 'env("U")\n  schemas = ["base"]\n')
    assert one(bare) == {"Add schema to schemas": expected}


def test_missing_schema_attribute_names_each_declared_schema() -> None:
    text = (
        'datasource db {\n  provider = "postgresql"\n  url      = env("U")\n'
        '  schemas  = ["a", "b"]\n}\n\nmodel A {\n  id Int @id\n\n  @@schema("a")\n}\n\n'
        "enum E {\n    X\n}\n"
    )
    enum_fixed = {
        f'Add `@@schema("{s}")`': text.replace("    X\n}", f'    X\n\n    @@schema("{s}")\n}}')
        for s in ("a", "b")
    }
    assert one(text) == enum_fixed


def test_referenced_and_referencing_fields_are_made_unique() -> None:
    text = PG + (
        "model A {\n  id Int @id\n  f1 Int\n  f2 Int\n  bs B[]\n}\n\n"
        "model B {\n  id Int @id\n  a1 Int\n  a2 Int\n"
        "  a  A   @relation(fields: [a1, a2], references: [f1, f2])\n}\n"
    )
    assert one(text) == {
        "Make referenced field(s) unique": text.replace(
            "  bs B[]\n}", "  bs B[]\n\n  @@unique([f1, f2])\n}"
        )
    }
    one_to_one = PG + (
        "model A {\n  id Int @id\n  b  B?\n}\n\n"
        "model B {\n  id  Int @id\n  aId Int\n"
        "  a   A   @relation(fields: [aId], references: [id])\n}\n"
    )
    assert one(one_to_one) == {
        "Make referencing fields unique": one_to_one.replace("aId Int\n", "aId Int @unique\n")
    }


def test_referenced_field_in_another_file() -> None:
    files = {
        "a.prisma": "model A {\n  id Int @id\n  f  Int\n  bs B[]\n}\n",
        "schema.prisma": PG
        + "model B {\n  id  Int @id\n  aF Int\n"
        + "  a   A   @relation(fields: [aF], references: [f])\n}\n",
    }
    assert fixed(files) == {
        "Make referenced field(s) unique": {
            "a.prisma": "model A {\n  id Int @id\n  f  Int @unique\n  bs B[]\n}\n"
        }
    }


def test_broken_relation_gets_no_unique_fix() -> None:
    text = PG + (
        "model A {\n  id Int @id\n  f1 Int\n  f2 Int\n  bs B[]\n}\n\n"
        "model B {\n  id Int @id\n  a1 Int\n  a2 Int\n"
        "  a  A   @relation(fields: [a1, a2], references: [f2])\n\n  @@unique([a1, a2])\n}\n"
    )
    assert "Make referenced field(s) unique" not in one(text)


def test_missing_opposite_field_is_added_to_the_other_model() -> None:
    text = (
        PG
        + "model Song {\n  id     Int @id\n  author Artist\n}\n\nmodel Artist {\n  id Int @id\n}\n"
    )
    fixes = one(text)
    assert fixes["Add missing relation field to model Artist"] == text.replace(
        "  id Int @id\n}\n", "  id Int @id\n\n  songs Song[]\n}\n"
    )


def test_relation_attribute_uses_the_existing_foreign_key_field() -> None:
    text = PG + (
        "model I {\n  id      Int @id\n  forumId Int\n  forum   Forum\n}\n\n"
        "model Forum {\n  id Int @id\n  is I[]\n}\n"
    )
    assert one(text) == {
        "Add relation attribute for relation field": text.replace(
            "forum   Forum\n", "forum   Forum @relation(fields: [forumId], references: [id])\n"
        ),
        "Mark relation field as many `[]`": text.replace("forum   Forum\n", "forum   Forum[]\n"),
    }


def test_relation_attribute_declares_new_fields_keeping_name_and_arity() -> None:
    text = PG + (
        "model U {\n  id  Int @id\n"
        '  org Org? @relation("x", references: [], onDelete: Cascade)\n}\n\n'
        'model Org {\n  name String\n  ceo  String\n  us   U[]  @relation("x")\n\n'
        "  @@id([name, ceo])\n}\n"
    )
    expected = text.replace(
        '@relation("x", references: [], onDelete: Cascade)\n}',
        '@relation("x", fields: [orgName, orgCeo], references: [name, ceo], onDelete: Cascade)\n'
        "  orgName String?\n  orgCeo String?\n}",
    )
    assert one(text) == {"Add relation attribute for relation field": expected}


def test_one_to_one_foreign_key_is_unique() -> None:
    text = PG + (
        'model User {\n  id      Int   @id\n  husband User? @relation("M")\n'
        '  wife    User  @relation("M")\n}\n'
    )
    fixes = one(text)
    assert fixes["Add relation attribute for relation field"] == text.replace(
        '  wife    User  @relation("M")\n',
        '  wife    User  @relation("M", fields: [wifeId], references: [id])\n'
        "  wifeId Int @unique\n",
    )


def test_mysql_set_default_and_relation_mode_warnings() -> None:
    text = (
        'datasource db {\n  provider = "mysql"\n  url      = env("U")\n}\n\n'
        "model A {\n  id Int @id\n  bs B[]\n}\n\n"
        "model B {\n  id  Int @id\n  aId Int @default(1)\n"
        "  a   A   @relation(fields: [aId], references: [id], onDelete: SetDefault)\n}\n"
    )
    assert one(text) == {"Replace SetDefault with NoAction": text.replace("SetDefault", "NoAction")}
    prisma_mode = (
        'datasource db {\n  provider = "mysql"\n  url      = env("U")\n'
        '  referentialIntegrity = "prisma"\n}\n\n'
        "model A {\n  id Int @id\n  bs B[]\n}\n\n"
        "model B {\n  id  Int @id\n  aId Int\n"
        "  a   A   @relation(fields: [aId], references: [id])\n}\n"
    )
    assert one(prisma_mode) == {
        "Rename property to relationMode": prisma_mode.replace(
            "referentialIntegrity", "relationMode"
        ),
        "Add an index for the relation's field(s)": prisma_mode.replace(
            "references: [id])\n}", "references: [id])\n\n  @@index([aId])\n}"
        ),
    }


def test_only_diagnostics_in_the_range_and_no_crash_on_broken_text() -> None:
    text = PG + "model A {\n  id  Int @id\n  pet Animal\n}\n"
    analysis = analyze([SourceFile("schema.prisma", text)], prisma_version=6)
    assert validation_fixes(analysis, "schema.prisma", 0, 5) == []
    for broken in ("model {", "model A { pet Animal", "model A {\n  x Foo @relation(\n"):
        analysis = analyze([SourceFile("schema.prisma", broken)], prisma_version=6)
        validation_fixes(analysis, "schema.prisma", 0, len(broken))


def test_new_foreign_key_copies_the_native_type() -> None:
    text = MONGO + (
        "model I {\n"
        '  id    String @id @default(auto()) @map("_id") @db.ObjectId\n'
        "  forum Forum  @relation(references: [id])\n}\n\n"
        "model Forum {\n"
        '  id String @id @default(auto()) @map("_id") @db.ObjectId\n'
        "  is I[]\n}\n"
    )
    assert one(text) == {
        "Add relation attribute for relation field": text.replace(
            "  forum Forum  @relation(references: [id])\n",
            "  forum Forum  @relation(fields: [forumId], references: [id])\n"
            "  forumId String @db.ObjectId\n",
        )
    }
