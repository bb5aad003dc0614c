"""A keystroke's build splices the re-parsed declarations into the previous schema.

:func:`analysis.model.build.build_schema`, told where an edit re-parsed one
file, copies the previous schema's lists and name tables with the new
declarations put in place of the old ones and keeps its incremental state
(declarations by name, the relations each model created, the index of
relation sides) up to date instead of rebuilding it. These tests compare
everything the build and that state hold with a whole analysis of the final
text, in several files, with duplicates, type aliases, configuration edits
and pasted copies of blocks.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.api import Analysis, analyze, reanalyze
from analysis.model.build import ModelCache
from analysis.model.relations import relations_of
from analysis.model.schema import CompositeType, Decl, Enum, Model, Relation, Schema
from analysis.syntax.nodes import Block
from analysis.text import SourceFile, TextEdit
from tests.helpers import fuzz

MAIN = """\
datasource db {
  provider = "postgresql"
}

model User {
  id      Int      @id
  email   String   @unique
  posts   Post[]
  profile Profile?
  role    Role
}

enum Role {
  ADMIN
  MEMBER
}

model Profile {
  id     Int  @id
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}
"""

POSTS = """\
model Post {
  id       Int    @id
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
  tags     Tag[]
  editorId Int?
  editor   User?  @relation("edits", fields: [editorId], references: [id])
}

model Tag {
  id    Int    @id
  posts Post[]
}
"""


def _at(decl: Decl) -> tuple[str, int, str, str]:
    return (decl.path, decl.offset, decl.block.kind, decl.block.name.text)


def _place(entity: Model | Enum | CompositeType | None) -> object:
    return None if entity is None else (type(entity).__name__, *_at(entity.decl))


def _relation(relation: Relation | None) -> object:
    if relation is None:
        return None
    back = relation.back
    return (relation.name, relation.kind, _place(relation.forward.owner), relation.forward.name,
            None if back is None else (_place(back.owner), back.name), relation.on_delete,
            relation.on_update, relation.back_only, relation.embedded,
            [f.name for f in relation.fk_fields], [f.name for f in relation.referenced_fields])


def _schema(schema: Schema) -> object:
    """Everything a build sets, by place and name (objects differ between builds)."""
    entities = (*schema.all_models, *schema.all_enums, *schema.all_composite_types)
    owners = (*schema.all_models, *schema.all_composite_types)
    return (
        [_at(d) for d in schema.decls],
        [[_place(e) for e in group]
         for group in (schema.all_models, schema.all_enums, schema.all_composite_types)],
        [[(name, _place(e)) for name, e in table.items()]
         for table in (schema.models, schema.enums, schema.composite_types)],
        [(_place(owner), f.name, f.kind, _place(f.target), _relation(f.relation),
          f.relation_attr is not None) for owner in owners for f in owner.fields],
        [_relation(r) for r in schema.relations],
        [(ds.name, _at(ds.decl), ds.provider) for ds in schema.datasources],
        [(gen.name, _at(gen.decl)) for gen in schema.generators],
        schema.aliases, schema.syntax_errors, schema.prisma_version,
        sorted(_place(e) for e in entities),
    )


def _cache(cache: ModelCache, schema: Schema) -> object:
    """The incremental state the next build reads, by place and name."""
    pairing = cache.pairing
    assert pairing is not None
    sides = {}
    if pairing.sides is not None:
        by_id = {id(m): m for m in schema.models.values()}
        targets = {id(f.target): f.target for fs in pairing.sides.values() for f in fs}
        sides = {(_place(by_id[k[0]]), _place(targets[k[1]]), k[2]): [f.name for f in fs]
                 for k, fs in pairing.sides.items()}
        assert sum(len(keys) for keys in pairing.side_keys.values()) == len(pairing.sides)
    return (
        {name: [_place(e) for e in found] for name, found in cache.named.items()},
        sorted(cache.duplicates), cache.issues,
        {name: _place(e) for name, e in (cache.names or {}).items()},
        [[_relation(r) for r in created] for created in cache.ordered],
        [[_relation(r) for r in relations_of(pairing, m)] for m in schema.all_models],
        sides,
    )


def _consistent(current: Analysis) -> None:
    """Each declaration is placed where its tree has its block, once."""
    schema = current.schema
    assert len({id(d) for d in schema.decls}) == len(schema.decls)
    blocks = {(f.path, s.offset): s.parsed.node
              for f, tree in zip(current.files, current.trees, strict=True)
              for s in tree.segments if isinstance(s.parsed.node, Block)}
    assert [(d.path, d.offset) for d in schema.decls] == list(blocks)
    for decl in schema.decls:
        assert blocks[(decl.path, decl.offset)] is decl.block
    ids = {id(d) for d in schema.decls}
    for entity in (*schema.all_models, *schema.all_enums, *schema.all_composite_types):
        assert id(entity.decl) in ids


def _same_as_whole(current: Analysis) -> None:
    full = analyze([SourceFile(f.path, f.text) for f in current.files])
    _consistent(current)
    assert _schema(current.schema) == _schema(full.schema)
    assert current.diagnostics == full.diagnostics
    expected = _cache(full.cache, full.schema)
    found = _cache(current.cache, current.schema)
    assert found[:6] == expected[:6]
    if found[6]:  # kept from the first incremental pairing on
        assert found[6] == expected[6]


def _files() -> list[SourceFile]:
    return [SourceFile("a.prisma", MAIN), SourceFile("b.prisma", POSTS)]


def _edit(current: Analysis, path: str, old: str, new: str) -> Analysis:
    text = next(f.text for f in current.files if f.path == path)
    at = text.index(old)
    current = reanalyze(current, path, [TextEdit(at, at + len(old), new)])
    _same_as_whole(current)
    return current


def test_a_keystroke_in_a_model_keeps_everything_it_does_not_reach() -> None:
    current = analyze(_files())
    before = current.schema
    datasource, tag = before.datasources[0], before.models["Tag"]
    current = _edit(current, "a.prisma", "  email   String   @unique\n",
                    "  email   String   @unique\n  q String\n")
    after = current.schema
    # Spliced, not rebuilt: the configuration and the other file's declarations are kept.
    assert after.datasources[0] is datasource and after.models["Tag"] is tag
    assert after.all_models is not before.all_models and after.decls is not before.decls
    assert after.models["User"] is not before.models["User"]
    assert list(after.models) == ["User", "Profile", "Post", "Tag"]
    # The declarations after the edit moved by the inserted line.
    assert after.models["Profile"].decl.offset == MAIN.index("model Profile") + len("  q String\n")
    touched = current.cache.touched
    assert touched is not None
    assert {e.name for e in touched.values()} == {"User", "Post", "Profile"}


def test_a_model_naming_the_edited_one_pairs_again_only_the_fields_naming_it() -> None:
    current = analyze(_files())
    post = current.schema.models["Post"]
    tags, author = post.by_name["tags"].relation, post.by_name["author"].relation
    current = _edit(current, "a.prisma", "  role    Role\n", "  role    Role\n  q Int\n")
    assert current.schema.models["Post"] is post
    assert post.by_name["tags"].relation is tags  # Post–Tag: kept
    fresh = post.by_name["author"].relation
    assert fresh is not None and fresh is not author  # Post–User: User's fields are new
    assert fresh.back is current.schema.models["User"].by_name["posts"]


def test_renaming_and_duplicating_declarations_keep_the_tables_in_order() -> None:
    current = analyze(_files())
    current = _edit(current, "a.prisma", "model Profile {", "model Account {")
    assert list(current.schema.models) == ["User", "Account", "Post", "Tag"]
    assert current.schema.models["User"].by_name["profile"].kind == "unknown"
    # A second Tag, declared first: it takes the name, the later one is a duplicate.
    current = _edit(current, "a.prisma", "enum Role {",
                    "model Tag {\n  id Int @id\n}\n\nenum Role {")
    assert list(current.schema.models) == ["User", "Tag", "Account", "Post"]
    assert current.schema.models["Tag"].decl.path == "a.prisma"
    assert current.cache.duplicates == {"Tag"}
    current = _edit(current, "a.prisma", "model Tag {\n  id Int @id\n}\n\n", "")
    assert current.cache.duplicates == set()
    assert current.schema.models["Post"].by_name["tags"].relation is not None


def test_a_pasted_copy_of_a_block_is_a_declaration_of_its_own() -> None:
    # The parser reuses the parse of an identical block for the copy: both
    # declarations still get their own model and place.
    current = analyze(_files())
    copy = POSTS[POSTS.index("model Tag {"):]
    current = _edit(current, "b.prisma", "model Tag {", copy + "\nmodel Tag {")
    tags = [m for m in current.schema.all_models if m.name == "Tag"]
    assert len(tags) == 2 and tags[0] is not tags[1]
    assert tags[0].decl.offset < tags[1].decl.offset
    assert sum("cannot be defined" in d.message for d in current.diagnostics) == 1


AMBIGUOUS = """\
model A {
  id  Int @id
  bId Int?
  x   B?  @relation(fields: [bId], references: [id])
}

model B {
  id Int @id
  y  A[]
  z  A
}
"""


def test_a_field_in_two_relations_keeps_the_last_after_either_side_changes() -> None:
    # A.x pairs with B.y (A creates that relation); B.z's opposite is A.x too
    # (B creates the second): A.x belongs to both, its relation is B's, the
    # later one, as in Prisma.
    current = analyze([SourceFile("s.prisma", AMBIGUOUS)])
    for old, new in (("  bId Int?\n", "  bId Int?\n  q Int\n"),
                     ("  y  A[]\n", "  y  A[]\n  w Int\n"),
                     ("model A {", "model C {\n  id Int @id\n}\n\nmodel A {")):
        current = _edit(current, "s.prisma", old, new)
        x = current.schema.models["A"].by_name["x"]
        assert x.relation is not None and x.relation.forward.name == "z"
        assert [r.forward.name for r in current.schema.relations] == ["x", "z"]


SPLICE_FRAGMENTS = [
    "q", "User", "Post", "Tag", "Role", "?", "[]", "\n", "}", "{", " @unique", "  p Post\n",
    '  t Tag[] @relation("edits")\n', "model Tag {\n id Int @id\n}\n", "enum Post {\n A\n}\n",
    "type Tag {\n a Int\n}\n", "type Alias = Int\n", "view User {\n id Int @id\n}\n",
    '  relationMode = "prisma"\n', "  z User\n", "  w User?\n",
    'generator g {\n  provider = "x"\n}\n', "model ", "//",
    "fields: [id], references: [id]", "",
]


@st.composite
def spliced_edits(draw: st.DrawFn) -> list[tuple[int, float, int, str]]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [(draw(st.integers(0, 1)), draw(st.floats(min_value=0, max_value=1)),
             draw(st.integers(0, 12)), draw(st.sampled_from(SPLICE_FRAGMENTS)))
            for _ in range(count)]


@fuzz(150, slow=True)
@given(spliced_edits())
def test_a_spliced_build_equals_a_whole_build(edits: list[tuple[int, float, int, str]]) -> None:
    current = analyze(_files())
    for which, where, length, new in edits:
        source = current.files[which]
        start = int(where * len(source.text))
        end = min(len(source.text), start + length)
        current = reanalyze(current, source.path, [TextEdit(start, end, new)])
        _same_as_whole(current)


@fuzz(60, slow=True)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 400)), min_size=1, max_size=4))
def test_copies_of_blocks_pasted_anywhere_build_as_a_whole_build_does(
    pastes: list[tuple[int, int]],
) -> None:
    current = analyze(_files())
    for which, where in pastes:
        source = current.files[which]
        blocks = [d for d in current.schema.decls if d.path == source.path]
        if not blocks:
            continue
        block = blocks[where % len(blocks)]
        text = source.text[block.offset:block.offset + block.block.end]
        lines = source.text.splitlines(keepends=True)
        at = sum(len(line) for line in lines[:where % (len(lines) + 1)])
        current = reanalyze(current, source.path, [TextEdit(at, at, text + "\n")])
        _same_as_whole(current)
