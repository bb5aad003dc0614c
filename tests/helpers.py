"""Plain helpers shared by the test modules (pytest fixtures stay in ``conftest.py``).

Schema text in, findings out: ``analyze_text`` analyses one ``schema.prisma``,
``findings``/``errors`` turn its diagnostics into ``(code, message, covered
text)`` triples in source order, and ``ds`` writes a datasource header. The
shared corpus (``../shared/corpus``) is found through ``CORPUS``.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from hypothesis import HealthCheck, settings

from analysis.api import Analysis, analyze
from analysis.model.schema import Schema
from analysis.text import SourceFile

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
"""Schemas shared beside the repository (``../shared/corpus``), never copied into it."""

SCHEMA_PATH = "schema.prisma"

Finding = tuple[str, str, str]
"""(code, message, covered text) of one diagnostic."""

USER_POSTS = """
model User {
  id    Int    @id
  posts Post[]
}
model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""
"""A one-to-many relation: each ``Post`` has an ``author``, each ``User`` its ``posts``."""

IGNORED_POSTS = USER_POSTS.replace("references: [id])\n", "references: [id])\n\n  @@ignore\n")
"""``USER_POSTS`` with the model ``Post`` ignored (``@@ignore``)."""

LONE_AUTHOR = """
model User {
  id Int @id
}
model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"""
"""A relation field ``Post.author`` without an opposite field in ``User``."""

VIEW_PROFILE = """
view Account {
  id      Int      @unique
  profile Profile? @relation(fields: [id], references: [id])
}
model Profile {
  id      Int      @unique
  account Account?
}
"""
"""A one-to-one relation from the view ``Account`` to the model ``Profile``."""

AMBIGUOUS_AUTHORS = """
model User {
  id    Int    @id
  posts Post[]
}
model Post {
  id      Int  @id
  author1 User
  author2 User
}
"""
"""Two unnamed relation fields to ``User`` that Prisma cannot tell apart."""

SCHEMA_FRAGMENTS = (
    "}", "{", "\n", "\r\n", "\r", "model X {\n", "enum E {", "datasource d {\n", "//", "///",
    "@@index([a])", "/*", "*/", '"', " ", "a", "Int", "@id", "(", ")", "[", "]", "=",
    "type T = Int\n", "Todo {", "}\n",
)  # fmt: skip
"""Pieces of schema syntax that random edits and random texts are made of."""


def ds(provider: str, extra: str = "", *, aligned: bool = True) -> str:
    """A datasource ``db`` for ``provider`` with ``url = env("DB")``, then ``extra`` lines.

    ``aligned`` pads ``url`` to line up with ``provider``.
    """
    url = "url      " if aligned else "url "
    return f'datasource db {{\n  provider = "{provider}"\n  {url}= env("DB")\n{extra}}}\n'


def analyze_text(text: str, version: int | None = 6, path: str = SCHEMA_PATH) -> Analysis:
    """Analyse ``text`` as the one file of a schema."""
    return analyze([SourceFile(path, text)], prisma_version=version)


def build(text: str, version: int | None = 6, path: str = SCHEMA_PATH) -> Schema:
    """The semantic model of ``text`` as the one file of a schema."""
    return analyze_text(text, version, path).schema


def findings(
    text: str,
    version: int = 6,
    *,
    errors_only: bool = False,
    codes: Collection[str] | None = None,
) -> list[Finding]:
    """(code, message, covered text) of the findings of ``text``, in source order.

    ``errors_only`` keeps the errors; ``codes`` keeps the findings with one of those codes.
    """
    return [
        (d.code, d.message, text[d.start : d.end])
        for d in analyze_text(text, version).diagnostics
        if (d.is_error or not errors_only) and (codes is None or d.code in codes)
    ]


def errors(text: str, version: int = 6) -> list[Finding]:
    """(code, message, covered text) of every error, in source order."""
    return findings(text, version, errors_only=True)


def messages(text: str, code: str, version: int = 6) -> list[tuple[str, str]]:
    """(message, covered text) of the findings with ``code``, in source order."""
    return [(message, covered) for _, message, covered in findings(text, version, codes=(code,))]


def fuzz(max_examples: int, *, slow: bool = False) -> settings:
    """Hypothesis settings for a reproducible run (``slow`` allows slow data generation)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow] if slow else [],
    )


def real_manifest(corpus: Path) -> list[dict[str, str]]:
    """The rows of ``real/MANIFEST.tsv`` of the corpus, by column name."""
    lines = (corpus / "real" / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]


def schema_files(folder: Path) -> list[SourceFile]:
    """The ``.prisma`` files below ``folder``, sorted by path, as source files."""
    return [SourceFile(str(p), p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*.prisma"))]
