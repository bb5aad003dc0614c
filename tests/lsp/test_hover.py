"""Hover over the wire: exact contents and ranges, in UTF-16 (VS Code, ``client``)
and UTF-8 (Neovim, ``nvim``), across files, on a finding, after an edit.

The line holding `email` starts with a `/* 📧 */` comment, so its columns differ
between the encodings: the emoji is 1 code point, 2 UTF-16 units, 4 UTF-8 bytes.
"""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from analysis.ide.links import rule_url
from analysis.rules import all_rules
from tests.lsp.conftest import change, open_schema, write

USERS = """\
datasource db {
  provider = "postgresql"
}

/// People who sign in.
model User {
  id    Int    @id
  /* 📧 */ email String @unique @db.VarChar(320)
  posts Post[]

  @@map("users")
}
"""

POSTS = """\
model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""

EMAIL_LINE = 7
EMAIL_CP = USERS.splitlines()[EMAIL_LINE].index("email")
EMAIL = "\n".join(
    [
        "```prisma",
        "email String @unique @db.VarChar(320)",
        "```",
        "___",
        "- **column** `email` of table `users`",
        "- **database type** `@db.VarChar(320)` (native type)",
        "- **unique** `(email)` — `users_email_key`, position 1 of 1",
    ]
)
USER_MODEL = "\n".join(
    [
        "```prisma",
        "model User {}",
        "```",
        "___",
        "People who sign in.",
        "___",
        "- **table** `users` (`@@map`)",
        "- **fields** 3 (2 scalar, 1 relation)",
        "- **primary key** `(id)` — `users_pkey`",
        "- **unique** `(email)` — `users_email_key`",
        "___",
        "**Relations in**",
        "",
        "- `Post.author` (opposite `posts`): `Post.authorId` → `id`; on delete `Restrict` "
        "(default), on update `Cascade` (default)",
    ]
)


def pos(line: int, character: int) -> types.Position:
    return types.Position(line, character)


def rng(line: int, start: int, end: int) -> types.Range:
    return types.Range(pos(line, start), pos(line, end))


def at(uri: str, line: int, character: int) -> types.HoverParams:
    return types.HoverParams(types.TextDocumentIdentifier(uri), pos(line, character))


async def open_users(client: LanguageClient, tmp_path: Path) -> str:
    """Both files on disk with no rules selected; `users.prisma` opened.

    No waiting for diagnostics: a request's snapshot waits for the analysis of
    the text it was sent against.
    """
    write(tmp_path, "prisma-architect.toml", "select = []\n")
    write(tmp_path, "posts.prisma", POSTS)
    _, users = write(tmp_path, "users.prisma", USERS)
    open_schema(client, users, USERS)
    return users


def markdown(result: types.Hover | None) -> str:
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


async def test_field_after_emoji_utf16(client: LanguageClient, tmp_path: Path) -> None:
    users = await open_users(client, tmp_path)
    column = EMAIL_CP + 1  # the emoji counts twice in UTF-16
    result = await client.text_document_hover_async(at(users, EMAIL_LINE, column + 2))
    assert markdown(result) == EMAIL
    assert result is not None and result.range == rng(EMAIL_LINE, column, column + 5)


async def test_field_after_emoji_utf8(nvim: LanguageClient, tmp_path: Path) -> None:
    users = await open_users(nvim, tmp_path)
    column = EMAIL_CP + 3  # the emoji counts four times in UTF-8
    result = await nvim.text_document_hover_async(at(users, EMAIL_LINE, column + 4))
    assert markdown(result) == EMAIL
    assert result is not None and result.range == rng(EMAIL_LINE, column, column + 5)


async def test_model_declared_in_a_file_that_is_not_open(
    client: LanguageClient, tmp_path: Path
) -> None:
    write(tmp_path, "prisma-architect.toml", "select = []\n")
    write(tmp_path, "users.prisma", USERS)
    _, posts = write(tmp_path, "posts.prisma", POSTS)
    open_schema(client, posts, POSTS)
    character = POSTS.splitlines()[3].index("User") + 1
    result = await client.text_document_hover_async(at(posts, 3, character))
    outline = "\n".join(
        [
            "```prisma",
            "model User {",
            "\t...",
            '\tposts Post[] @relation(name: "PostToUser")',
            "}",
            "```",
            "___",
            "one-to-many",
            "___",
        ]
    )
    assert markdown(result) == outline + "\n" + USER_MODEL.split("\n___\n", 1)[1]
    assert result is not None and result.range == rng(3, character - 1, character + 3)


async def test_finding_explained(nvim: LanguageClient, tmp_path: Path) -> None:
    write(tmp_path, "prisma-architect.toml", 'select = ["PAX001"]\n')
    write(tmp_path, "users.prisma", USERS)
    _, posts = write(tmp_path, "posts.prisma", POSTS)
    open_schema(nvim, posts, POSTS)
    report = await nvim.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(posts))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    (diagnostic,) = report.items
    assert diagnostic.code == "PAX001"
    line = POSTS.splitlines()[3]
    fields = line.index("fields")
    result = await nvim.text_document_hover_async(at(posts, 3, fields + 1))
    rule = all_rules()["PAX001"]
    explanation = rule.explanation().replace("## ", "#### ")
    first, symbol = markdown(result).split("\n\n___\n\n")
    assert first == (
        f"**PAX001** `fk-missing-index` (warning) · [documentation]({rule_url('PAX001')})"
        f"\n\n{diagnostic.message}\n\n{explanation}"
    )
    assert symbol == (
        "`fields: FieldReference[]?` of `@relation`: The foreign-key fields of this model."
    )
    # The argument name `fields` lies inside the finding's range: the hover is where both hold.
    assert result is not None and result.range == rng(3, fields, fields + 6)
    assert diagnostic.range == rng(3, fields, line.index("]") + 1)


async def test_hover_follows_edits(client: LanguageClient, tmp_path: Path) -> None:
    users = await open_users(client, tmp_path)
    line = USERS.splitlines()[EMAIL_LINE]
    end = len(line)
    change(client, users, 2, (EMAIL_LINE, end + 1), (EMAIL_LINE, end + 1), ' @map("mail")')
    result = await client.text_document_hover_async(at(users, EMAIL_LINE, EMAIL_CP + 3))
    lines = markdown(result).split("\n")
    assert lines[1] == 'email String @unique @db.VarChar(320) @map("mail")'
    assert lines[4] == "- **column** `mail` (`@map`) of table `users`"
    assert lines[6] == "- **unique** `(email)` — `users_mail_key`, position 1 of 1"


async def test_nothing_whitespace_or_out_of_range(client: LanguageClient, tmp_path: Path) -> None:
    users = await open_users(client, tmp_path)
    assert await client.text_document_hover_async(at(users, 3, 0)) is None
    assert await client.text_document_hover_async(at(users, 6, 1)) is None
    assert await client.text_document_hover_async(at(users, 999, 999)) is None
    assert await client.text_document_hover_async(at(users, 6, 999)) is None
    unknown = (tmp_path / "missing.prisma").as_uri()
    assert await client.text_document_hover_async(at(unknown, 0, 0)) is None
    # Still serving.
    result = await client.text_document_hover_async(at(users, 5, 8))
    assert markdown(result) == USER_MODEL
