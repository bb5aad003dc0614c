"""Code actions end to end: the exact edits of the named fixes and the text after them."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.conftest import USERS_AND_POSTS, apply_workspace_edit, open_schema, published, write

SCHEMA = USERS_AND_POSTS


async def actions_at(
    client: LanguageClient, uri: str, line: int, character: int, only: list[str] | None = None
) -> list[types.CodeAction | types.Command]:
    where = types.Range(types.Position(line, character), types.Position(line, character))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            where,
            types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return list(result or [])


def titled(actions: list[types.CodeAction | types.Command], title: str) -> types.CodeAction:
    found = [a for a in actions if a.title == title]
    assert len(found) == 1, [a.title for a in actions]
    action = found[0]
    assert isinstance(action, types.CodeAction)
    return action


async def opened(client: LanguageClient, tmp_path: Path, text: str = SCHEMA) -> str:
    _, uri = write(tmp_path, "schema.prisma", text)
    open_schema(client, uri, text)
    await published(client, uri, 1)
    return uri


async def test_quick_fixes_at_a_foreign_key(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    actions = await actions_at(client, uri, 11, 30)
    assert [a.title for a in actions] == [
        "Add `@@index([authorId])` for the foreign key",
        "Ignore PAX001 for this line",
        "Show documentation for PAX001",
    ]


async def test_add_index_for_fk(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    fix = titled(
        await actions_at(client, uri, 11, 30), "Add `@@index([authorId])` for the foreign key"
    )
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred is True
    assert fix.diagnostics is not None and [d.code for d in fix.diagnostics] == ["PAX001"]
    assert fix.edit == types.WorkspaceEdit(
        document_changes=(
            types.TextDocumentEdit(
                types.OptionalVersionedTextDocumentIdentifier(uri, 1),
                (
                    types.TextEdit(
                        types.Range(types.Position(13, 0), types.Position(13, 0)),
                        "\n  @@index([authorId])\n",
                    ),
                ),
            ),
        )
    )
    after = apply_workspace_edit({uri: SCHEMA}, fix.edit)[uri]
    assert after == SCHEMA.replace(
        "  authorId Int\n}", "  authorId Int\n\n  @@index([authorId])\n}"
    )


async def test_applied_fix_clears_the_finding(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    fix = titled(
        await actions_at(client, uri, 11, 30), "Add `@@index([authorId])` for the foreign key"
    )
    assert fix.edit is not None and fix.edit.document_changes is not None
    (change,) = fix.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [
                types.TextDocumentContentChangePartial(e.range, e.new_text)
                for e in change.edits
                if isinstance(e, types.TextEdit)
            ],
        )
    )
    codes = {d.code for d in await published(client, uri, 2)}
    assert "PAX001" not in codes
    assert "PAC002" in codes


async def test_add_map_snake_case(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    actions = await actions_at(client, uri, 12, 4)
    fix = titled(actions, 'Add `@map("author_id")` on `authorId` (unsafe)')
    assert fix.is_preferred is None
    assert fix.edit is not None
    after = apply_workspace_edit({uri: SCHEMA}, fix.edit)[uri]
    assert after == SCHEMA.replace("  authorId Int\n", '  authorId Int @map("author_id")\n')
    whole = titled(actions, "Add @map/@@map to the whole schema (unsafe)")
    assert whole.kind == types.CodeActionKind.QuickFix and whole.edit is None
    resolved = await client.code_action_resolve_async(whole)
    assert resolved.edit is not None
    assert apply_workspace_edit({uri: SCHEMA}, resolved.edit)[uri] == SCHEMA.replace(
        "  posts Post[]\n}", '  posts Post[]\n\n  @@map("users")\n}'
    ).replace("  authorId Int\n}", '  authorId Int @map("author_id")\n\n  @@map("posts")\n}')


async def test_ignore_for_this_line(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    action = titled(await actions_at(client, uri, 11, 30), "Ignore PAX001 for this line")
    assert action.edit is not None
    after = apply_workspace_edit({uri: SCHEMA}, action.edit)[uri]
    assert after == SCHEMA.replace(
        "  author   User", "  // prisma-architect-ignore PAX001\n  author   User"
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(after)],
        )
    )
    codes = [d.code for d in await published(client, uri, 2)]
    assert "PAX001" not in codes and "PAS001" not in codes


async def test_show_documentation(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    (show,) = [a for a in await actions_at(client, uri, 11, 30) if "documentation" in a.title]
    command = show.command if isinstance(show, types.CodeAction) else show
    assert command is not None
    # the test client reads a CodeAction with a command as a Command (on the wire: a CodeAction)
    name = command.command if isinstance(command.command, str) else ""
    assert "prismaArchitect.showDocumentation" in name
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams("prismaArchitect.showDocumentation", ["PAX001"])
    )
    assert [d.uri for d in client.shown_documents] == [
        "https://github.com/prisma-architect/prisma-architect/blob/main/docs/rules.md#pax001"
    ]
    assert client.shown_documents[0].external is True


async def test_fix_all_is_resolved_on_demand(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    actions = await actions_at(client, uri, 0, 0, only=["source.fixAll"])
    action = titled(actions, "Fix all prisma-architect findings")
    assert action.kind == "source.fixAll.prismaArchitect"
    assert action.edit is None
    resolved = await client.code_action_resolve_async(action)
    assert resolved.edit is not None
    after = apply_workspace_edit({uri: SCHEMA}, resolved.edit)[uri]
    timestamps = (
        "  createdAt DateTime @default(now())\n  updatedAt DateTime @default(now()) @updatedAt\n"
    )
    assert after == SCHEMA.replace("  posts Post[]\n", "  posts Post[]\n" + timestamps).replace(
        "  authorId Int\n}", "  authorId Int\n" + timestamps + "\n  @@index([authorId])\n}"
    )


async def test_add_map_to_a_model_and_to_the_schema(client: LanguageClient, tmp_path: Path) -> None:
    uri = await opened(client, tmp_path)
    actions = await actions_at(client, uri, 10, 4, only=["source"])
    assert [a.title for a in actions] == [
        "Fix all prisma-architect findings",
        "Add @map/@@map to `Post`",
        "Add @map/@@map to the whole schema",
    ]
    model = await client.code_action_resolve_async(titled(actions, "Add @map/@@map to `Post`"))
    assert model.edit is not None
    post = SCHEMA.replace(
        "  authorId Int\n}", '  authorId Int @map("author_id")\n\n  @@map("posts")\n}'
    )
    assert apply_workspace_edit({uri: SCHEMA}, model.edit)[uri] == post
    whole = await client.code_action_resolve_async(
        titled(actions, "Add @map/@@map to the whole schema")
    )
    assert whole.edit is not None
    assert apply_workspace_edit({uri: SCHEMA}, whole.edit)[uri] == post.replace(
        "  posts Post[]\n}", '  posts Post[]\n\n  @@map("users")\n}'
    )


MAIN = """datasource db {
  provider = "postgresql"
}

model Post {
  id    Int    @id @default(autoincrement())
  title String
}

model Photo {
  id  Int    @id @default(autoincrement())
  url String
}

enum CommentableType {
  Post
  Photo
}
"""

COMMENT = """model Comment {
  id              Int             @id @default(autoincrement())
  body            String
  commentableType CommentableType
  commentableId   Int

  @@index([commentableType, commentableId])
}
"""


async def test_convert_polymorphic_across_files(client: LanguageClient, tmp_path: Path) -> None:
    _, main_uri = write(tmp_path / "prisma", "schema.prisma", MAIN)
    _, uri = write(tmp_path / "prisma", "comment.prisma", COMMENT)
    open_schema(client, uri, COMMENT)
    diagnostics = await published(client, uri, 1)
    (finding,) = [d for d in diagnostics if d.code == "PAI002"]
    actions = await actions_at(client, uri, finding.range.start.line, finding.range.start.character)
    (fix,) = [a for a in actions if isinstance(a, types.CodeAction) and "Convert" in a.title]
    assert fix.title == (
        "Convert `commentableType`/`commentableId` to nullable foreign keys to `Post`, `Photo` "
        "(targets from the values of `CommentableType`) (unsafe)"
    )
    assert fix.edit is not None and fix.edit.document_changes is not None
    versions = [
        (c.text_document.uri, c.text_document.version)
        for c in fix.edit.document_changes
        if isinstance(c, types.TextDocumentEdit)
    ]
    assert versions == [(uri, 1), (main_uri, None)]  # the other file is not open
    after = apply_workspace_edit({uri: COMMENT, main_uri: MAIN}, fix.edit)
    assert (
        after[uri]
        == """model Comment {
  id              Int             @id @default(autoincrement())
  body            String
  postId          Int?
  post            Post?           @relation(fields: [postId], references: [id], onDelete: Cascade)
  photoId         Int?
  photo           Photo?          @relation(fields: [photoId], references: [id], onDelete: Cascade)

  @@index([postId])
  @@index([photoId])
}
"""
    )
    assert after[main_uri] == MAIN.replace(
        "  title String\n", "  title String\n  comments Comment[]\n"
    ).replace("  url String\n", "  url String\n  comments Comment[]\n")
