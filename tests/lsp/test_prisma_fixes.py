"""Quick fixes for Prisma's own errors end to end: offered at the error with
the client's diagnostic, exact edits, across files."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import apply_workspace_edit, open_schema, published, write

UNKNOWN_TYPE = """datasource db {
  provider = "postgresql"
}

model Pet {
  id   Int    @id
  kind Animal
}
"""


async def fixes_for(
    client: LanguageClient, uri: str, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            diagnostic.range,
            types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def test_unknown_type_offers_new_blocks(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", UNKNOWN_TYPE)
    open_schema(client, uri, UNKNOWN_TYPE)
    diagnostics = await published(client, uri, 1)
    unknown = next(d for d in diagnostics if d.code == "PAE002")
    actions = {a.title: a for a in await fixes_for(client, uri, unknown)}
    assert {"Create new model 'Animal'", "Create new enum 'Animal'"} <= set(actions)
    action = actions["Create new enum 'Animal'"]
    assert action.kind == types.CodeActionKind.QuickFix
    assert list(action.diagnostics or []) == [unknown]
    assert action.edit is not None
    after = apply_workspace_edit({uri: UNKNOWN_TYPE}, action.edit)
    assert after == {uri: UNKNOWN_TYPE + "enum Animal {\n\n}\n"}


async def test_referenced_field_made_unique_in_another_file(
    client: LanguageClient, tmp_path: Path
) -> None:
    users = "model User {\n  id    Int    @id\n  email String\n  posts Post[]\n}\n"
    posts = (
        'datasource db {\n  provider = "postgresql"\n}\n\n'
        "model Post {\n  id          Int    @id\n  authorEmail String\n"
        "  author      User   @relation(fields: [authorEmail], references: [email])\n}\n"
    )
    _, users_uri = write(tmp_path, "users.prisma", users)
    _, posts_uri = write(tmp_path, "posts.prisma", posts)
    open_schema(client, posts_uri, posts)
    diagnostics = await published(client, posts_uri, 1)
    relation = next(d for d in diagnostics if "unique criterion" in d.message)
    actions = {a.title: a for a in await fixes_for(client, posts_uri, relation)}
    action = actions["Make referenced field(s) unique"]
    assert action.edit is not None
    after = apply_workspace_edit({users_uri: users, posts_uri: posts}, action.edit)
    assert after == {
        users_uri: users.replace("email String", "email String @unique"),
        posts_uri: posts,
    }
