# ruff: noqa: E501  (expected schema text keeps its long relation lines)
"""PAI002 polymorphic-association."""

from __future__ import annotations

import pytest

from tests.rule_cases import POSTGRES, covered, fixed, fixed_files, run, run_analysis

SCHEMA = (
    POSTGRES
    + """model User {
  id       String    @id @default(cuid())
  comments Comment[]
}

model Task {
  id    String @id @default(cuid())
  title String
}

model Project {
  id   String @id @default(uuid()) @db.Uuid
  name String
}

model Comment {
  id              String @id @default(cuid())
  content         String
  commentableType String // "Task" | "Project"
  commentableId   String @map("commentable_id")
  authorId        String
  author          User   @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@unique([commentableType, commentableId, authorId])
  @@index([authorId])
}
"""
)


def test_flags_the_pair_and_converts_it_to_one_foreign_key_per_target() -> None:
    (finding,) = run("PAI002", SCHEMA)
    assert finding.code == "PAI002"
    assert covered(SCHEMA, finding) == "commentableId"
    assert finding.message == (
        "`commentableType` + `commentableId` of `Comment` form a polymorphic association: "
        "no foreign key checks `commentableId`, so it can point at rows that do not exist."
    )
    (fix,) = finding.fixes
    assert fix.title == (
        "Convert `commentableType`/`commentableId` to nullable foreign keys to `Task`, "
        "`Project` (targets from the comment)"
    )
    assert not fix.safe
    assert fixed(SCHEMA, finding) == SCHEMA.replace(
        "  title String\n}", "  title String\n  comments Comment[]\n}"
    ).replace("  name String\n}", "  name String\n  comments Comment[]\n}").replace(
        """  commentableType String // "Task" | "Project"
  commentableId   String @map("commentable_id")
""",
        """  taskId          String? @map("task_id")
  task            Task?  @relation(fields: [taskId], references: [id], onDelete: Cascade)
  projectId       String? @map("project_id") @db.Uuid
  project         Project? @relation(fields: [projectId], references: [id], onDelete: Cascade)
""",
    ).replace(
        "  @@unique([commentableType, commentableId, authorId])\n",
        "  @@unique([taskId, authorId])\n  @@unique([projectId, authorId])\n",
    )


SCHEMA_FILE = (
    'datasource db {\n  provider = "postgresql"\n}\n\nenum SubjectType {\n  POST\n  COMMENT\n}\n'
)
POST_FILE = """model Post {
  id        Int        @id @default(autoincrement())
  title     String
  reactions Reaction[] @relation("mine")
}
"""
REACTION_FILE = """model Comment {
  id   Int    @id @default(autoincrement())
  body String
}

model Reaction {
  id           Int         @id @default(autoincrement())
  subject_type SubjectType
  subject_id   Int
  post_id      Int
  post         Post        @relation("mine", fields: [post_id], references: [id], onDelete: Cascade)

  @@index([subject_type, subject_id])
  @@index([post_id])
}
"""


def test_targets_from_enum_values_across_files_in_the_file_naming_style() -> None:
    from analysis.api import analyze
    from analysis.text import SourceFile

    texts = {
        "schema.prisma": SCHEMA_FILE,
        "post.prisma": POST_FILE,
        "reaction.prisma": REACTION_FILE,
    }
    analysis = analyze([SourceFile(p, t) for p, t in texts.items()])
    (finding,) = run_analysis("PAI002", analysis)
    assert finding.span.path == "reaction.prisma"
    assert finding.fixes[0].title == (
        "Convert `subject_type`/`subject_id` to nullable foreign keys to `Post`, `Comment` "
        "(targets from the values of `SubjectType`)"
    )
    result = fixed_files(texts, finding)
    assert result["schema.prisma"] == SCHEMA_FILE
    assert result["post.prisma"] == POST_FILE.replace(
        '@relation("mine")\n',
        '@relation("mine")\n  subjectReactions Reaction[] @relation("ReactionSubjectPost")\n',
    )
    assert (
        result["reaction.prisma"]
        == """model Comment {
  id   Int    @id @default(autoincrement())
  body String
  reactions Reaction[]
}

model Reaction {
  id           Int         @id @default(autoincrement())
  subject_post_id Int?
  subject_post Post?       @relation("ReactionSubjectPost", fields: [subject_post_id], references: [id], onDelete: Cascade)
  comment_id   Int?
  comment      Comment?    @relation(fields: [comment_id], references: [id], onDelete: Cascade)
  post_id      Int
  post         Post        @relation("mine", fields: [post_id], references: [id], onDelete: Cascade)

  @@index([subject_post_id])
  @@index([comment_id])
  @@index([post_id])
}
"""
    )


SELF = (
    POSTGRES
    + """enum TargetKind {
  Task
  Comment
}

model Task {
  id    Int    @id
  title String
}

model Comment {
  id         Int        @id
  targetType TargetKind
  targetId   Int

  @@index([targetType, targetId])
}
"""
)


def test_a_target_that_is_the_model_itself_gets_a_named_self_relation() -> None:
    (finding,) = run("PAI002", SELF)
    assert fixed(SELF, finding) == SELF.replace(
        "  title String\n}", "  title String\n  comments Comment[]\n}"
    ).replace(
        """  targetType TargetKind
  targetId   Int

  @@index([targetType, targetId])
""",
        """  taskId     Int?
  task       Task?      @relation(fields: [taskId], references: [id], onDelete: Cascade)
  commentId  Int?
  comment    Comment?   @relation("CommentTargetComment", fields: [commentId], references: [id], onDelete: Cascade)
  comments   Comment[]  @relation("CommentTargetComment")

  @@index([taskId])
  @@index([commentId])
""",
    )


GUESS = (
    POSTGRES
    + """model User {
  id    Int    @id
  likes Like[]
}

model Post {
  id     Int     @id
  albums Album[]
}

model Photo {
  id     Int     @id
  albums Album[]
}

model Album {
  id      Int   @id
  photoId Int
  photo   Photo @relation(fields: [photoId], references: [id], onDelete: Cascade)
  postId  Int
  post    Post  @relation(fields: [postId], references: [id], onDelete: Cascade)

  @@index([photoId])
  @@index([postId])
}

model Like {
  id           Int    @id
  userId       Int
  user         User   @relation(fields: [userId], references: [id], onDelete: Cascade)
  likeableType String
  likeableId   Int

  @@index([userId])
}
"""
)


def test_without_enum_or_comment_guesses_the_referenced_models_it_has_no_relation_with() -> None:
    (finding,) = run("PAI002", GUESS)
    assert finding.fixes[0].title == (
        "Convert `likeableType`/`likeableId` to nullable foreign keys to `Post`, `Photo` "
        "(targets from the models it has no relation with)"
    )
    result = fixed(GUESS, finding)
    assert "  postId       Int?\n  post         Post?  @relation(fields: [postId]" in result
    assert "  photo        Photo? @relation(fields: [photoId]" in result
    assert "  albums Album[]\n  likes  Like[]\n}" in result
    assert result.endswith("  @@index([userId])\n  @@index([postId])\n  @@index([photoId])\n}\n")


def test_fix_keeps_crlf_line_endings() -> None:
    text = SCHEMA.replace("\n", "\r\n")
    (finding,) = run("PAI002", text)
    result = fixed(text, finding)
    assert "\r\n  comments Comment[]\r\n}" in result
    assert "\n" not in result.replace("\r\n", "")


def test_no_fix_when_the_pair_is_part_of_the_primary_key() -> None:
    text = SCHEMA.replace("  id              String @id @default(cuid())\n", "").replace(
        "@@unique([commentableType", "@@id([commentableType"
    )
    (finding,) = run("PAI002", text)
    assert finding.fixes == ()


def test_no_fix_when_only_some_enum_values_name_models() -> None:
    text = SELF.replace("  Comment\n}", "  Comment\n  Review\n}")
    (finding,) = run("PAI002", text)
    assert finding.fixes == ()


RELATION_SCALAR = SCHEMA.replace(
    '  commentableId   String @map("commentable_id")\n',
    '  commentableId   String @map("commentable_id")\n'
    "  task            Task   @relation(fields: [commentableId], references: [id])\n",
).replace("  title String\n}", "  title String\n  comments Comment[]\n}")
OWN_ID = SCHEMA.replace('@map("commentable_id")', '@unique @map("commentable_id")')
EXTERNAL = SCHEMA.replace('commentableType String // "Task" | "Project"', "commentableType String")
EXTERNAL = EXTERNAL.replace("commentable", "processor")


@pytest.mark.parametrize(
    "text",
    [RELATION_SCALAR, OWN_ID, EXTERNAL],
    ids=["id-is-a-relation-scalar", "id-is-the-rows-own-key", "no-sign-it-names-tables"],
)
def test_silent(text: str) -> None:
    assert run("PAI002", text) == []


def test_silent_on_log_models_and_on_enums_that_name_no_model() -> None:
    log = SCHEMA.replace("Comment", "AuditLog").replace("comments", "logs")
    assert run("PAI002", log) == []
    external = SELF.replace("  Task\n  Comment\n}", "  CHANNEL\n  DIRECT_MESSAGE\n}")
    assert run("PAI002", external) == []


def test_flags_a_string_type_whose_prefix_says_it_references_rows() -> None:
    text = SCHEMA.replace('commentableType String // "Task" | "Project"', "commentableType String")
    (finding,) = run("PAI002", text)  # `commentable`: a word ending in "able"
    # no guess: `Task` and `Project` are the target of no relation (not entities others use)
    assert finding.fixes == ()


def test_silent_on_mongodb() -> None:
    text = SCHEMA.replace('provider = "postgresql"', 'provider = "mongodb"')
    assert run("PAI002", text) == []


def test_one_fix_per_plausible_set_of_targets() -> None:
    text = SELF.replace(
        "  targetType TargetKind\n", "  targetType TargetKind // only Task for now\n"
    )
    (finding,) = run("PAI002", text)
    assert [f.title for f in finding.fixes] == [
        "Convert `targetType`/`targetId` to nullable foreign keys to `Task`, `Comment` "
        "(targets from the values of `TargetKind`)",
        "Convert `targetType`/`targetId` to nullable foreign keys to `Task` "
        "(targets from the comment)",
    ]
    assert "  taskId     Int?\n  task       Task?      @relation(" in fixed(text, finding, 1)


def test_indexes_on_the_pair_become_one_per_target_without_their_name() -> None:
    text = SELF.replace(
        "  @@index([targetType, targetId])\n",
        '  @@index([targetType, targetId(sort: Desc), id], map: "target_idx")\n',
    )
    (finding,) = run("PAI002", text)
    result = fixed(text, finding)
    assert "  @@index([taskId(sort: Desc), id])\n  @@index([commentId(sort: Desc), id])\n" in result
    assert "@@index([taskId])" not in result


def test_new_fields_align_with_their_group_of_lines() -> None:
    text = (
        SCHEMA.replace(
            '  commentableType String // "Task" | "Project"\n',
            '\n  commentableType String // "Task" | "Project"\n',
        )
        .replace("  id              String @id", "  id String @id")
        .replace("  content         String\n", "  content String\n")
    )
    (finding,) = run("PAI002", text)
    assert "\n  taskId          String? @map(" in fixed(text, finding)


def test_doc_comments_of_the_pair_go_with_it() -> None:
    text = SELF.replace(
        "  targetType TargetKind\n  targetId   Int\n",
        "  /// what the comment is about\n  targetType TargetKind\n  /// its id\n  targetId   Int\n",
    )
    (finding,) = run("PAI002", text)
    result = fixed(text, finding)
    assert "///" not in result
    assert "  id         Int        @id\n  taskId     Int?\n" in result
