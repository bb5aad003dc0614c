"""Definition, references and rename over the wire, across the files of a schema folder.

The line holding `author` starts with a `/* 👤 */` comment: its columns differ
in UTF-16 (VS Code, ``client``) and UTF-8 (Neovim, ``nvim``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from tests.lsp.conftest import open_schema, published, write

USERS = """\
datasource db {
  provider = "postgresql"
}

// 👋 people
model User {
  id    Int    @id
  email String @unique
  posts Post[]
}
"""

POSTS = """\
model Post {
  id       Int  @id
  authorId Int
  /* 👤 */ author User @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
"""

# Columns on line 3 of POSTS, in code points / UTF-16 units / UTF-8 bytes.
# `/* 👤 */ ` is 8 code points after the indent; the emoji is 2 UTF-16 units, 4 UTF-8 bytes.
AUTHOR_ID_CP = POSTS.splitlines()[3].index("authorId")
ID_CP = POSTS.splitlines()[3].index("id]")
USER_CP = POSTS.splitlines()[3].index("User")


def pos(line: int, character: int) -> types.Position:
    return types.Position(line, character)


def rng(line: int, start: int, end: int) -> types.Range:
    return types.Range(pos(line, start), pos(line, end))


async def open_posts(
    client: LanguageClient, tmp_path: Path, *, pushed: bool = True
) -> tuple[str, str]:
    """Write both files, open `posts.prisma` only; the URIs of users and posts."""
    _, users = write(tmp_path, "users.prisma", USERS)
    _, posts = write(tmp_path, "posts.prisma", POSTS)
    open_schema(client, posts, POSTS)
    if pushed:
        await published(client, posts, 1)
    return users, posts


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


def refs(uri: str, position: types.Position, declaration: bool) -> types.ReferenceParams:
    return types.ReferenceParams(
        text_document=doc(uri),
        position=position,
        context=types.ReferenceContext(include_declaration=declaration),
    )


async def test_definition_jumps_to_another_file_utf16(client: LanguageClient, tmp_path: Path):
    users, posts = await open_posts(client, tmp_path)
    assert USER_CP == 17
    result = await client.text_document_definition_async(
        types.DefinitionParams(doc(posts), pos(3, USER_CP + 1 + 2))
    )
    assert result == types.Location(users, rng(5, 6, 10))
    # A field named in `references: [...]` goes to its declaration in the other file.
    result = await client.text_document_definition_async(
        types.DefinitionParams(doc(posts), pos(3, ID_CP + 1))
    )
    assert result == types.Location(users, rng(6, 2, 4))


async def test_definition_utf8_columns(nvim: LanguageClient, tmp_path: Path):
    users, posts = await open_posts(nvim, tmp_path, pushed=False)
    # In UTF-8 the emoji takes 4 bytes: `User` starts at byte 17 + 3.
    result = await nvim.text_document_definition_async(
        types.DefinitionParams(doc(posts), pos(3, USER_CP + 3))
    )
    assert result == types.Location(users, rng(5, 6, 10))
    found = await nvim.text_document_references_async(refs(posts, pos(3, AUTHOR_ID_CP + 3), True))
    assert list(found) == [
        types.Location(posts, rng(2, 2, 10)),
        types.Location(posts, rng(3, AUTHOR_ID_CP + 3, AUTHOR_ID_CP + 3 + 8)),
        types.Location(posts, rng(5, 11, 19)),
    ]


async def test_references_with_and_without_declaration(client: LanguageClient, tmp_path: Path):
    users, posts = await open_posts(client, tmp_path)
    params = refs(posts, pos(3, AUTHOR_ID_CP + 1 + 4), True)
    assert list(await client.text_document_references_async(params)) == [
        types.Location(posts, rng(2, 2, 10)),
        types.Location(posts, rng(3, AUTHOR_ID_CP + 1, AUTHOR_ID_CP + 1 + 8)),
        types.Location(posts, rng(5, 11, 19)),
    ]
    params.context.include_declaration = False
    assert list(await client.text_document_references_async(params)) == [
        types.Location(posts, rng(3, AUTHOR_ID_CP + 1, AUTHOR_ID_CP + 1 + 8)),
        types.Location(posts, rng(5, 11, 19)),
    ]
    # `User.id`, from `references: [id]`: its declaration in the other file, then the mention.
    params = refs(posts, pos(3, ID_CP + 1), True)
    assert list(await client.text_document_references_async(params)) == [
        types.Location(users, rng(6, 2, 4)),
        types.Location(posts, rng(3, ID_CP + 1, ID_CP + 1 + 2)),
    ]


async def test_document_highlights(client: LanguageClient, tmp_path: Path):
    _, posts = await open_posts(client, tmp_path)
    result = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(doc(posts), pos(5, 12))
    )
    assert result is not None
    assert list(result) == [
        types.DocumentHighlight(rng(2, 2, 10), types.DocumentHighlightKind.Write),
        types.DocumentHighlight(
            rng(3, AUTHOR_ID_CP + 1, AUTHOR_ID_CP + 1 + 8), types.DocumentHighlightKind.Read
        ),
        types.DocumentHighlight(rng(5, 11, 19), types.DocumentHighlightKind.Read),
    ]


async def test_prepare_rename_and_refusals(client: LanguageClient, tmp_path: Path):
    _, posts = await open_posts(client, tmp_path)
    result = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(doc(posts), pos(3, USER_CP + 1))
    )
    assert result == types.PrepareRenamePlaceholder(rng(3, USER_CP + 1, USER_CP + 5), "User")
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(doc(posts), pos(1, 12))
        )
    assert error.value.code == types.LSPErrorCodes.RequestFailed
    assert error.value.message == "`Int` is a built-in scalar type: it cannot be renamed."
    blank = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(doc(posts), pos(4, 0))
    )
    assert blank is None


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply single-line edits given in UTF-16 columns (the texts here are BMP-only
    before each edit, except the emoji line, whose edits come after the emoji)."""
    lines = text.split("\n")
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line].encode("utf-16-le")
        lines[start.line] = (
            line[: 2 * start.character].decode("utf-16-le")
            + edit.new_text
            + line[2 * end.character :].decode("utf-16-le")
        )
    return "\n".join(lines)


def versioned(edit: types.WorkspaceEdit) -> dict[tuple[str, int | None], list[types.TextEdit]]:
    """(URI, document version) → edits of a ``documentChanges`` workspace edit."""
    assert edit.changes is None and edit.document_changes is not None
    out = {}
    for change in edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        key = (change.text_document.uri, change.text_document.version)
        out[key] = [e for e in change.edits if isinstance(e, types.TextEdit)]
    return out


async def test_rename_a_model_across_files(client: LanguageClient, tmp_path: Path):
    users, posts = await open_posts(client, tmp_path)
    result = await client.text_document_rename_async(
        types.RenameParams(doc(posts), pos(3, USER_CP + 1), "Person")
    )
    assert result is not None
    assert versioned(result) == {
        (posts, 1): [types.TextEdit(rng(3, USER_CP + 1, USER_CP + 5), "Person")],
        (users, None): [types.TextEdit(rng(5, 6, 10), "Person")],  # not open: no version
    }
    changes = {uri: edits for (uri, _), edits in versioned(result).items()}
    assert apply(POSTS, changes[posts]) == POSTS.replace("author User", "author Person")
    assert apply(USERS, changes[users]) == USERS.replace("model User", "model Person")


async def test_rename_a_field_and_a_refused_collision(client: LanguageClient, tmp_path: Path):
    _, posts = await open_posts(client, tmp_path)
    result = await client.text_document_rename_async(
        types.RenameParams(doc(posts), pos(2, 3), "writerId")
    )
    assert result is not None
    assert apply(POSTS, versioned(result)[posts, 1]) == POSTS.replace("authorId", "writerId")
    with pytest.raises(JsonRpcException) as error:
        await client.text_document_rename_async(types.RenameParams(doc(posts), pos(2, 3), "author"))
    assert error.value.code == types.LSPErrorCodes.RequestFailed
    assert error.value.message == (
        "Cannot rename field `authorId` to `author`: model `Post` already has a field named "
        "`author`."
    )


async def test_navigation_survives_unknown_documents_and_far_positions(
    client: LanguageClient, tmp_path: Path
):
    _, posts = await open_posts(client, tmp_path)
    unknown = (tmp_path / "nowhere.prisma").as_uri()
    assert (
        await client.text_document_definition_async(types.DefinitionParams(doc(unknown), pos(0, 0)))
        is None
    )
    far = await client.text_document_references_async(refs(posts, pos(99, 99), True))
    assert list(far) == []
