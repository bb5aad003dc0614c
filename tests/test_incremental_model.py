"""Incremental model builds and name indexes give exactly what a whole build gives.

After an edit, :func:`analysis.model.build.build_schema` resolves field types
and pairs relations again only for the declarations the edit can have
changed, and :class:`analysis.validate.name_clashes.SchemaNames` updates its
groups instead of judging every name again. These tests compare each step
with a fresh analysis of the final text, field by field and relation by
relation, and check that untouched declarations keep their objects.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.api import Analysis, analyze, reanalyze
from analysis.check import recheck, run_check
from analysis.config import default_settings
from analysis.model.schema import Relation, Schema
from analysis.text import SourceFile, TextEdit
from tests.helpers import fuzz

SHOP = """\
datasource db {
  provider = "postgresql"
}

model User {
  id       Int       @id
  email    String    @unique
  orders   Order[]
  reviews  Review[]
  profile  Profile?
}

model Profile {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}

model Order {
  id       Int      @id
  buyerId  Int
  buyer    User     @relation(fields: [buyerId], references: [id])
  items    Item[]

  @@index([buyerId])
}

model Item {
  id      Int     @id
  orderId Int
  order   Order   @relation(fields: [orderId], references: [id], onDelete: Cascade)
  tags    Tag[]
}

model Tag {
  id    Int    @id
  items Item[]
}

model Review {
  id       Int   @id
  authorId Int?
  author   User? @relation(fields: [authorId], references: [id])
}
"""


def _relation(relation: Relation | None) -> tuple[object, ...] | None:
    if relation is None:
        return None
    back = relation.back
    return (relation.name, relation.kind, relation.forward.owner.name, relation.forward.name,
            None if back is None else (back.owner.name, back.name), relation.on_delete,
            relation.on_update, relation.back_only, relation.embedded,
            [f.name for f in relation.fk_fields], [f.name for f in relation.referenced_fields])


def _model(schema: Schema) -> tuple[object, ...]:
    """Everything the cross-declaration part of a build sets, by name."""
    fields = [
        (owner.name, fld.name, fld.kind, getattr(fld.target, "name", None),
         _relation(fld.relation), fld.relation_attr is not None)
        for owner in (*schema.all_models, *schema.all_composite_types)
        for fld in owner.fields
    ]
    return (fields, [_relation(r) for r in schema.relations], sorted(schema.models),
            sorted(schema.enums), sorted(schema.composite_types))


def _edit(current: Analysis, text: str, old: str, new: str) -> tuple[Analysis, str]:
    at = text.index(old)
    current = reanalyze(current, "s.prisma", [TextEdit(at, at + len(old), new)])
    text = text[:at] + new + text[at + len(old):]
    full = analyze([SourceFile("s.prisma", text)])
    assert _model(current.schema) == _model(full.schema)
    assert current.diagnostics == full.diagnostics
    return current, text


def _by_forward(schema: Schema) -> dict[tuple[str, str], Relation]:
    return {(r.forward.owner.name, r.forward.name): r for r in schema.relations}


def test_an_edit_keeps_the_relations_of_models_it_does_not_reach() -> None:
    current = analyze([SourceFile("s.prisma", SHOP)])
    before = _by_forward(current.schema)
    # A new scalar field in Tag: only Tag and the models naming it (Item) pair again.
    current, _ = _edit(current, SHOP, "  items Item[]\n}", "  items Item[]\n  label String\n}")
    after = _by_forward(current.schema)
    assert after.keys() == before.keys()
    assert after[("Order", "buyer")] is before[("Order", "buyer")]
    assert after[("Profile", "user")] is before[("Profile", "user")]
    assert after[("Item", "tags")] is not before[("Item", "tags")]
    assert after[("Item", "tags")].back is current.schema.models["Tag"].by_name["items"]
    touched = current.cache.touched
    assert touched is not None
    assert {e.name for e in touched.values()} == {"Tag", "Item"}


def test_renaming_a_model_breaks_and_restores_its_relations() -> None:
    current = analyze([SourceFile("s.prisma", SHOP)])
    text = SHOP
    current, text = _edit(current, text, "model Order {", "model Purchase {")
    assert current.schema.models["User"].by_name["orders"].relation is None
    assert current.schema.models["Item"].by_name["order"].kind == "unknown"
    current, text = _edit(current, text, "model Purchase {", "model Order {")
    orders = current.schema.models["User"].by_name["orders"]
    assert orders.relation is not None and orders.relation.back is orders


def test_adding_and_removing_a_relation_field_pairs_again() -> None:
    current = analyze([SourceFile("s.prisma", SHOP)])
    text = SHOP
    # Review.author has no back side in User once `reviews` goes: a back-only...
    current, text = _edit(current, text, "  reviews  Review[]\n", "")
    author = current.schema.models["Review"].by_name["author"]
    assert author.relation is not None and author.relation.back is None
    # ... and a second, named relation between the same models.
    current, text = _edit(current, text, "  authorId Int?\n",
                          '  authorId Int?\n  editorId Int\n  editor User @relation("ed", '
                          "fields: [editorId], references: [id])\n")
    current, text = _edit(current, text, "  profile  Profile?\n",
                          '  profile  Profile?\n  edited Review[] @relation("ed")\n')
    editor = current.schema.models["Review"].by_name["editor"]
    assert editor.relation is not None and editor.relation.back is not None
    assert editor.relation.back.name == "edited"


def test_a_duplicate_declaration_before_the_first_takes_its_relations() -> None:
    current = analyze([SourceFile("s.prisma", SHOP)])
    text = SHOP
    current, text = _edit(current, text, "model User {",
                          "model Tag {\n  id Int @id\n  user User\n}\n\nmodel User {")
    current, text = _edit(current, text, "model Tag {\n  id Int @id\n  user User\n}\n\n", "")


def test_a_relation_mode_change_gives_every_relation_its_default_actions() -> None:
    current = analyze([SourceFile("s.prisma", SHOP)])
    text = SHOP
    current, text = _edit(current, text, '"postgresql"\n', '"sqlserver"\n')
    assert _by_forward(current.schema)[("Order", "buyer")].on_delete == "NoAction"
    current, text = _edit(current, text, '"sqlserver"\n',
                          '"sqlserver"\n  relationMode = "prisma"\n')
    assert _by_forward(current.schema)[("Order", "buyer")].on_delete == "Restrict"


MODEL_FRAGMENTS = [
    "q", "User", "Order", "Item", "Tag", "?", "[]", "\n", "}", " @unique", '@relation("x")',
    "  o Order\n", "  us User[]\n", "model Tag {\n id Int @id\n}\n", "enum Tag {\n A\n}\n",
    "type Item {\n a Int\n}\n", '  relationMode = "prisma"\n', "fields: [id], references: [id]",
    "",
]


@st.composite
def model_edits(draw: st.DrawFn) -> list[tuple[float, int, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [(draw(st.floats(min_value=0, max_value=1)), draw(st.integers(0, 10)),
             draw(st.sampled_from(MODEL_FRAGMENTS))) for _ in range(count)]


@fuzz(120, slow=True)
@given(model_edits())
def test_incremental_build_equals_a_whole_build(edits: list[tuple[float, int, str]]) -> None:
    current = analyze([SourceFile("s.prisma", SHOP)])
    text = SHOP
    for where, length, new in edits:
        start = int(where * len(text))
        end = min(len(text), start + length)
        current = reanalyze(current, "s.prisma", [TextEdit(start, end, new)])
        text = text[:start] + new + text[end:]
        full = analyze([SourceFile("s.prisma", text)])
        assert _model(current.schema) == _model(full.schema)
        assert current.diagnostics == full.diagnostics


# ---------------------------------------------------------------------------
# Name clashes
# ---------------------------------------------------------------------------

NAMES = {
    "a.prisma": """\
datasource db {
  provider = "postgresql"
}

model Account {
  id    Int    @id
  email String
  posts Post[]

  @@map("accounts")
  @@index([email], map: "lookup")
}
""",
    "b.prisma": """\
model Post {
  id        Int     @id
  accountId Int
  account   Account @relation(fields: [accountId], references: [id])

  @@index([accountId], map: "by_account")
}

model Note {
  id   Int    @id
  body String

  @@index([body], map: "by_body")
}
""",
}


def _check(current: object, texts: dict[str, str], path: str, old: str, new: str) -> object:
    at = texts[path].index(old)
    result = recheck(current, path, [TextEdit(at, at + len(old), new)],  # type: ignore[arg-type]
                     default_settings())
    texts[path] = texts[path][:at] + new + texts[path][at + len(old):]
    full = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    assert result.analysis.diagnostics == full.analysis.diagnostics
    assert result.diagnostics == full.diagnostics
    return result


def _names_of(result: object) -> object:
    reuse = result.analysis.reuse  # type: ignore[attr-defined]
    return reuse.validation.names


def _messages(result: object) -> list[str]:
    return [d.message for d in result.analysis.diagnostics]  # type: ignore[attr-defined]


def test_table_and_constraint_clashes_come_and_go_across_files() -> None:
    texts = dict(NAMES)
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    index = _names_of(current)
    assert index is not None
    # Note takes Account's table: a clash reported at Note's @@map, and the
    # constraint names of both tables are then not judged.
    current = _check(current, texts, "b.prisma", '@@index([body], map: "by_body")',
                     '@@index([body], map: "by_body")\n  @@map("accounts")')
    assert _names_of(current) is index  # updated, not rebuilt
    assert any('is mapped to the table "accounts"' in m for m in _messages(current))
    current = _check(current, texts, "b.prisma", '\n  @@map("accounts")', "")
    assert not any("is mapped to the table" in m for m in _messages(current))
    # An index name given twice in the schema (PostgreSQL: one namespace per
    # database schema): a one-letter edit creates the clash, another resolves it.
    current = _check(current, texts, "b.prisma", 'map: "by_body"', 'map: "lookup"')
    clashes = [m for m in _messages(current) if "`lookup` is used more than once" in m]
    assert len(clashes) == 2
    current = _check(current, texts, "a.prisma", 'map: "lookup"', 'map: "lookupq"')
    assert not any("is used more than once" in m for m in _messages(current))
    assert _names_of(current) is index


def test_a_foreign_key_name_follows_its_field_name() -> None:
    texts = dict(NAMES)
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    # Post's index takes the foreign key's default name: a clash in Post's table.
    current = _check(current, texts, "b.prisma", 'map: "by_account"', 'map: "Post_accountId_fkey"')
    assert sum("`Post_accountId_fkey` is used more than once" in m
               for m in _messages(current)) == 2
    # Renaming the foreign key field (and its use) renames the key: no clash.
    current = _check(current, texts, "b.prisma", "accountId Int", "accountIdq Int")
    current = _check(current, texts, "b.prisma", "fields: [accountId]", "fields: [accountIdq]")
    assert not any("is used more than once" in m for m in _messages(current))


def test_renaming_a_model_and_changing_the_provider_rejudge_names() -> None:
    texts = dict(NAMES)
    current = run_check([SourceFile(p, t) for p, t in texts.items()], default_settings())
    current = _check(current, texts, "b.prisma", 'map: "by_body"', 'map: "lookup"')
    current = _check(current, texts, "b.prisma", "model Note {", "model Notes {")
    current = _check(current, texts, "a.prisma", '"postgresql"', '"mysql"')
    # MySQL keeps index names per table: no clash left.
    assert not any("is used more than once" in m for m in _messages(current))
    current = _check(current, texts, "a.prisma", '"mysql"', '"sqlserver"')
    current = _check(current, texts, "a.prisma", '"sqlserver"', '"postgresql"')
    assert sum("`lookup` is used more than once" in m for m in _messages(current)) == 2


def test_block_name_problems_are_kept_while_every_name_is() -> None:
    text = SHOP.replace("model Tag {", "model Review {")  # Review declared twice
    current = analyze([SourceFile("s.prisma", text)])
    assert current.reuse is not None
    problems = current.reuse.validation.block_names
    assert problems is not None and len(problems) == 1
    # A field edit keeps every declaration's name: the problems are reused,
    # their diagnostics made again at the moved places.
    current, text = _edit(current, text, "  email    String", "  emailq   String\n\n")
    assert current.reuse is not None and current.reuse.validation.block_names is problems
    assert sum("cannot be defined" in d.message for d in current.diagnostics) == 1
    # Renaming the second Review resolves the clash (the problems are found again).
    current, text = _edit(current, text, "model Review {\n  id    Int    @id", "model Tag {\n  "
                          "id    Int    @id")
    assert current.reuse is not None and current.reuse.validation.block_names == []
